using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// One owner for new objects: a table created by either user of the pair belongs to the original, so the other user can
/// use, ALTER and DROP it, whichever of them is current, through several flips.
/// </summary>
public sealed class PostgreSqlOwnershipTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_table_created_by_each_user_is_usable_and_alterable_by_the_other()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("ownership", withAdmin: true);
        var schema = PostgreSqlScenario.SchemaOf(app.UserName);
        await scenario.RotatedAsync(scenario.AlternatingUsers(), secret.Name);
        var clone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);

        await RunAsAsync(scenario, clone, $"CREATE TABLE {schema}.made_by_clone (id int)", $"INSERT INTO {schema}.made_by_clone VALUES (1)");
        await RunAsAsync(scenario, app, $"CREATE TABLE {schema}.made_by_app (id int)", $"INSERT INTO {schema}.made_by_app VALUES (1)");

        (await OwnersAsync(scenario, app.UserName)).Should().Equal([app.UserName, app.UserName], "the clone's sessions act as the original");
        await RunAsAsync(scenario, app, $"ALTER TABLE {schema}.made_by_clone ADD COLUMN note text", $"INSERT INTO {schema}.made_by_clone VALUES (2, 'by app')", $"SELECT count(*) FROM {schema}.made_by_clone");
        await RunAsAsync(scenario, clone, $"ALTER TABLE {schema}.made_by_app ADD COLUMN note text", $"UPDATE {schema}.made_by_app SET note = 'by clone'");

        // The next flip: the original is current again and the clone gets a new password; still one owner.
        await scenario.RotatedAsync(scenario.AlternatingUsers(), secret.Name);
        var original = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        await scenario.RotatedAsync(scenario.AlternatingUsers(), secret.Name);
        var cloneAgain = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);

        await RunAsAsync(scenario, cloneAgain, $"CREATE TABLE {schema}.made_later_by_clone (id int)", $"ALTER TABLE {schema}.made_by_app RENAME COLUMN note TO remark");
        await RunAsAsync(scenario, original, $"ALTER TABLE {schema}.made_later_by_clone ADD COLUMN x int", $"DROP TABLE {schema}.made_by_clone");
        await RunAsAsync(scenario, cloneAgain, $"DROP TABLE {schema}.made_by_app", $"DROP TABLE {schema}.made_later_by_clone");
        (await OwnersAsync(scenario, app.UserName)).Should().BeEmpty("each user dropped the tables the other made");
    }

    private static async Task RunAsAsync(PostgreSqlScenario scenario, PostgreSqlCredentials user, params string[] statements)
    {
        await using var session = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), user, PostgreSqlScenario.Token);
        foreach (var statement in statements)
        {
            await session.ExecuteAsync($"as '{user.UserName}': {statement}", statement, null, PostgreSqlScenario.Token);
        }
    }

    private static async Task<IReadOnlyList<string?>> OwnersAsync(PostgreSqlScenario scenario, string schema) =>
        await scenario.Server.StringsAsync("SELECT tableowner::text FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", schema);
}
