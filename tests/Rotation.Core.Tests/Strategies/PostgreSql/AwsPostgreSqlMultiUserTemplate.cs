using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// AWS's SecretsManagerRDSPostgreSQLRotationMultiUser template, one rotation, written as its Secrets Manager calls and plain
/// SQL from a reading of the template (not its code): the reference the comparison test measures Rotator against.
/// </summary>
internal static class AwsPostgreSqlMultiUserTemplate
{
    /// <summary>Runs createSecret, setSecret, testSecret and finishSecret as the template does; returns the new password.</summary>
    public static async Task<string> RotateAsync(PostgreSqlScenario scenario, string secretId, PostgreSqlCredentials admin, string newPassword)
    {
        var token = Guid.NewGuid().ToString();
        var secrets = scenario.Secrets;
        var ct = PostgreSqlScenario.Token;

        // createSecret: the current JSON with the alternate user name ("_clone" appended or stripped) and a new password.
        var current = await scenario.Moto.JsonAsync(secretId, SecretVersionSelector.Current);
        var currentVersion = (await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        var user = (string)current["username"]!;
        var pending = (JsonObject)current.DeepClone();
        pending["username"] = user.EndsWith("_clone", StringComparison.Ordinal) ? user[..^6] : user + "_clone";
        pending["password"] = newPassword;
        await secrets.PutSecretValueAsync(secretId, SecretPayload.FromString(pending.ToJsonString()), [SecretVersionStages.Pending], token, ct);

        // setSecret: done if the pending credentials log in; the current ones must; then as the master user, with
        // quote_ident'ed names: create the clone with its password and grant it the current user, or set the password.
        var pendingUser = (string)pending["username"]!;
        (await scenario.Server.CanLogInAsync(pendingUser, newPassword)).Should().BeFalse();
        (await scenario.Server.CanLogInAsync(user, (string)current["password"]!)).Should().BeTrue();
        await using (var master = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), admin, ct))
        {
            var quotedPending = await master.ScalarAsync("quote_ident", "SELECT quote_ident($1)", [pendingUser], r => r.GetString(0), ct);
            var quotedCurrent = await master.ScalarAsync("quote_ident", "SELECT quote_ident($1)", [user], r => r.GetString(0), ct);
            var exists = await master.QueryAsync("pg_roles", "SELECT 1 FROM pg_roles WHERE rolname = $1", [pendingUser], r => r.GetInt32(0), ct);
            if (exists.Count == 0)
            {
                await master.ExecuteAsync("CREATE ROLE", $"CREATE ROLE {quotedPending} WITH LOGIN PASSWORD {PostgreSqlSyntax.Literal(newPassword)}", null, ct);
                await master.ExecuteAsync("GRANT", $"GRANT {quotedCurrent} TO {quotedPending}", null, ct);
            }
            else
            {
                await master.ExecuteAsync("ALTER USER", $"ALTER USER {quotedPending} WITH PASSWORD {PostgreSqlSyntax.Literal(newPassword)}", null, ct);
            }
        }

        // testSecret: log in with the pending credentials and run SELECT NOW().
        await using (var test = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), new PostgreSqlCredentials(pendingUser, newPassword), ct))
        {
            await test.ExecuteAsync("SELECT NOW()", "SELECT NOW()", null, ct);
        }

        // finishSecret: move AWSCURRENT; the template leaves AWSPENDING where it is.
        await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Current, token, currentVersion, ct);
        return newPassword;
    }
}
