using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// AWS's multi-user template (as plain SQL) and Rotator start from identical users and grants, one pair each. Rotator's end
/// state has the same secret fields, at least the clone privileges AWS's gives, no AWSPENDING left, one owner for new
/// objects, and no password in the server log; AWS's leaves AWSPENDING, splits ownership and logs the password.
/// </summary>
public sealed class PostgreSqlReferenceComparisonTests(TestbedFixture testbed)
{
    private static CancellationToken Token => PostgreSqlScenario.Token;

    [Fact]
    public async Task Rotator_matches_AWSs_template_and_does_better_where_it_hurts()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.Moto.CreateAsync("reference-admin", scenario.AdminSecret(admin));
        var database = await scenario.Roles.DatabaseAsync();
        var reader = scenario.Roles.Name("rt_reader_");
        await scenario.Server.ExecAsync(
            $"CREATE ROLE {Id(reader)} NOLOGIN",
            $"REVOKE CONNECT ON DATABASE {Id(database)} FROM PUBLIC",
            $"GRANT CONNECT ON DATABASE {Id(database)} TO {Id(admin.UserName)} WITH GRANT OPTION");
        var aws = await IdenticalUserAsync(scenario, database, reader);
        var rotator = await IdenticalUserAsync(scenario, database, reader);
        var awsSecret = await scenario.Moto.CreateAsync("reference-aws", scenario.AppSecret(aws.App, adminSecret.Arn));
        var rotatorSecret = await scenario.Moto.CreateAsync("reference-rotator", scenario.AppSecret(rotator.App, adminSecret.Arn));

        var awsPassword = await AwsPostgreSqlMultiUserTemplate.RotateAsync(scenario, awsSecret.Name, admin, $"aws-{Guid.NewGuid():N}");
        await scenario.RotatedAsync(scenario.AlternatingUsers(), rotatorSecret.Name);

        // The same secret fields: every field but the user's names and passwords is equal, and both moved to the clone.
        var awsJson = await scenario.Moto.JsonAsync(awsSecret.Name, SecretVersionSelector.Current);
        var rotatorJson = await scenario.Moto.JsonAsync(rotatorSecret.Name, SecretVersionSelector.Current);
        rotatorJson.Select(p => p.Key).Should().Equal(awsJson.Select(p => p.Key));
        foreach (var (key, value) in awsJson.Where(p => p.Key is not ("username" or "password")))
        {
            System.Text.Json.Nodes.JsonNode.DeepEquals(rotatorJson[key], value).Should().BeTrue($"field '{key}'");
        }

        ((string)awsJson["username"]!).Should().Be(aws.App.UserName + "_clone");
        ((string)rotatorJson["username"]!).Should().Be(rotator.App.UserName + "_clone");

        // No AWSPENDING left by Rotator; AWS's template leaves it on the new AWSCURRENT version.
        (await scenario.Moto.StagesAsync(rotatorSecret.Name)).Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending));
        (await scenario.Moto.StagesAsync(awsSecret.Name)).Values.Should().Contain(s => s.Contains(SecretVersionStages.Pending) && s.Contains(SecretVersionStages.Current));

        // At least the same privileges for the clone.
        var awsClone = new PostgreSqlCredentials((string)awsJson["username"]!, awsPassword);
        var rotatorClone = new PostgreSqlCredentials((string)rotatorJson["username"]!, (string)rotatorJson["password"]!);
        var awsProfile = await PrivilegesAsync(scenario, awsClone, aws, database, reader);
        var rotatorProfile = await PrivilegesAsync(scenario, rotatorClone, rotator, database, reader);
        awsProfile.Should().HaveCount(8, "AWS's clone has every privilege through its membership in the original");
        rotatorProfile.Should().Contain(awsProfile);

        // The attributes and settings that matter follow the original only with Rotator (the original has 20 and 5min).
        (await AttributesAsync(scenario, rotatorClone)).Should().Be("CONNECTION LIMIT 20, statement_timeout 5min");
        (await AttributesAsync(scenario, awsClone)).Should().Be("CONNECTION LIMIT -1, statement_timeout 0", "AWS's template copies neither");

        // One owner for new objects: the table Rotator's clone creates is the original's; AWS's clone keeps its own.
        var rotatorOwner = await CreateTableAsync(scenario, rotatorClone, rotator.Schema);
        var awsOwner = await CreateTableAsync(scenario, awsClone, aws.Schema);
        rotatorOwner.Should().Be(rotator.App.UserName);
        awsOwner.Should().Be(awsClone.UserName, "with AWS's template the clone owns what it creates");
        await AlterAsync(scenario, rotator.App, rotator.Schema);
        var awsAlter = () => AlterAsync(scenario, aws.App, aws.Schema);
        (await awsAlter.Should().ThrowAsync<PostgreSqlTargetException>()).Which.Failure.Should().Be(PostgreSqlFailure.AccessDenied, "the original does not own the clone's table");

        // AWS's template sends the password in clear, so it lands in the statement log; Rotator's never does.
        var log = await scenario.Server.LogAsync();
        log.Contains(awsPassword, StringComparison.Ordinal).Should().BeTrue("AWS's CREATE ROLE ... PASSWORD carries the password");
        log.Contains(rotatorClone.Password, StringComparison.Ordinal).Should().BeFalse("Rotator sends a verifier");
    }

    private static string Id(string name) => PostgreSqlSyntax.Identifier(name);

    /// <summary>An app user like every other test's, plus CONNECT on the database, a table of its own to read and one through a group.</summary>
    private static async Task<IdenticalUser> IdenticalUserAsync(PostgreSqlScenario scenario, string database, string reader)
    {
        var app = await scenario.CreateAppUserAsync();
        var schema = PostgreSqlScenario.SchemaOf(app.UserName);
        await scenario.Server.ExecAsync(
            $"GRANT CONNECT ON DATABASE {Id(database)} TO {Id(app.UserName)}",
            $"GRANT {Id(reader)} TO {Id(app.UserName)}",
            $"CREATE TABLE IF NOT EXISTS public.{Id(reader + "_t")} (id int)",
            $"GRANT SELECT ON public.{Id(reader + "_t")} TO {Id(reader)}",
            $"CREATE TABLE public.{Id(app.UserName + "_t")} (id int)",
            $"GRANT SELECT, INSERT ON public.{Id(app.UserName + "_t")} TO {Id(app.UserName)}");
        return new IdenticalUser(app, schema);
    }

    /// <summary>What the clone may do, in words that do not name the pair, so two pairs compare.</summary>
    private static async Task<IReadOnlyList<string>> PrivilegesAsync(PostgreSqlScenario scenario, PostgreSqlCredentials clone, IdenticalUser original, string database, string reader)
    {
        var checks = await scenario.Server.StringsAsync(
            "SELECT concat_ws(',', "
            + "CASE WHEN has_database_privilege($1, $2, 'CONNECT') THEN 'CONNECT database' END, "
            + "CASE WHEN has_table_privilege($1, 'public.' || quote_ident($3 || '_t'), 'SELECT') THEN 'SELECT group table' END, "
            + "CASE WHEN has_table_privilege($1, 'public.' || quote_ident($4 || '_t'), 'SELECT') THEN 'SELECT own table' END, "
            + "CASE WHEN has_table_privilege($1, 'public.' || quote_ident($4 || '_t'), 'INSERT') THEN 'INSERT own table' END, "
            + "CASE WHEN has_schema_privilege($1, quote_ident($4), 'CREATE') THEN 'CREATE in schema' END, "
            + "CASE WHEN pg_has_role($1, $3, 'MEMBER') THEN 'member of group' END, "
            + "CASE WHEN pg_has_role($1, $4, 'MEMBER') THEN 'member of original' END)",
            clone.UserName,
            database,
            reader,
            original.App.UserName);
        var profile = checks.Single()!.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (await scenario.Server.CanLogInAsync(clone.UserName, clone.Password, database: database))
        {
            profile.Add("logs in to the database");
        }

        return profile;
    }

    /// <summary>The clone's connection limit and the statement_timeout its sessions get.</summary>
    private static async Task<string> AttributesAsync(PostgreSqlScenario scenario, PostgreSqlCredentials clone)
    {
        await using var session = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), clone, Token);
        return await session.ScalarAsync(
            "test",
            "SELECT 'CONNECTION LIMIT ' || rolconnlimit || ', statement_timeout ' || current_setting('statement_timeout') FROM pg_roles WHERE rolname = session_user",
            [],
            r => r.GetString(0),
            Token);
    }

    private static async Task<string> CreateTableAsync(PostgreSqlScenario scenario, PostgreSqlCredentials clone, string schema)
    {
        await using (var session = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), clone, Token))
        {
            await session.ExecuteAsync("test", $"CREATE TABLE {schema}.by_clone (id int)", null, Token);
        }

        return (await scenario.Server.StringsAsync(
            "SELECT tableowner::text FROM pg_tables WHERE schemaname = $1 AND tablename = 'by_clone'", schema.Trim('"'))).Single()!;
    }

    private static async Task AlterAsync(PostgreSqlScenario scenario, PostgreSqlCredentials original, string schema)
    {
        await using var session = await PostgreSqlSession.OpenAsync(scenario.Server.Endpoint(), original, Token);
        await session.ExecuteAsync("test", $"ALTER TABLE {schema}.by_clone ADD COLUMN note text", null, Token);
    }

    private sealed record IdenticalUser(PostgreSqlCredentials App, string Schema);
}
