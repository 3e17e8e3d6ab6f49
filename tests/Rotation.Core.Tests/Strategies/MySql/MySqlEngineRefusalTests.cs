using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Input a MySQL rotation cannot work with, through the real engine: each run ends Refused with the strategy's reason
/// and a message a person can act on, quotes no password (neither in the outcome nor in the observed step events),
/// and leaves Secrets Manager (versions, labels, AWSCURRENT's value) and the server's accounts as they were.
/// </summary>
public sealed class MySqlEngineRefusalTests(TestbedFixture testbed)
{
    private static readonly string[] AnyHost = ["%"];

    public static TheoryData<string, bool> ServersAndStrategies => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_secret_that_is_not_JSON_is_refused_without_quoting_it(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        // Cut off right after the password: a parser's message would quote the text around the fault.
        var text = $$"""{"engine": "{{scenario.Engine}}", "host": "127.0.0.1", "username": "{{app.UserName}}", "password": "{{app.Password}}""";
        var secret = await scenario.CreateSecretAsync("engine-not-json", text);

        var outcome = await RefusedAsync(scenario, Strategy(alternating), secret.Name, MySqlRotationReasons.SecretNotJson, app);

        outcome.Message.Should().Contain(secret.Name).And.Contain("not valid JSON");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task Missing_and_wrongly_typed_fields_are_refused_naming_the_field(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        (string Field, string? Json, string Problem)[] cases = [("password", null, "is missing"), ("port", "true", "not a number"), ("username", "42", "not a string")];

        foreach (var (field, json, problem) in cases)
        {
            var value = scenario.AppSecret(app);
            value.Remove(field);
            if (json is not null)
            {
                value[field] = JsonNode.Parse(json);
            }

            var secret = await scenario.CreateSecretAsync("engine-field", value);

            var outcome = await RefusedAsync(scenario, Strategy(alternating), secret.Name, MySqlRotationReasons.MissingField, app);

            outcome.Message.Should().Contain($"field '{field}'").And.Contain(problem);
        }
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task An_engine_other_than_MySQL_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app);
        value["engine"] = "postgres";
        var secret = await scenario.CreateSecretAsync("engine-postgres", value);

        var outcome = await RefusedAsync(scenario, Strategy(alternating), secret.Name, MySqlRotationReasons.UnsupportedEngine, app);

        outcome.Message.Should().Contain("'postgres'");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_database_that_is_down_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var closed = RotationScenario.ClosedPort();
        var adminValue = scenario.AdminSecret(admin);
        adminValue["port"] = closed;
        var adminSecret = await scenario.CreateSecretAsync("engine-down-admin", adminValue);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app, adminSecret.Arn);
        value["port"] = closed;
        var secret = await scenario.CreateSecretAsync("engine-down", value);

        var outcome = await RefusedAsync(scenario, Strategy(alternating), secret.Name, MySqlRotationReasons.TargetUnreachable, app, admin);

        outcome.Message.Should().Contain($":{closed}");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_missing_admin_secret_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var missing = $"rotator-test/engine-missing-{Guid.NewGuid():N}";
        var secret = await scenario.CreateSecretAsync("engine-no-admin", scenario.AppSecret(app, missing));

        var outcome = await RefusedAsync(scenario, Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterSecretNotFound, app);

        outcome.Message.Should().Contain(missing);
        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_admin_secret_the_operator_may_not_read_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("engine-admin-denied", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("engine-denied", scenario.AppSecret(app, adminSecret.Arn));
        var denied = new AccessDeniedFor(scenario.Secrets, adminSecret.Arn!);

        var outcome = await RefusedAsync(scenario, Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterSecretAccessDenied, denied, app, admin);

        outcome.Message.Should().Contain(adminSecret.Arn!).And.Contain("AccessDenied");
        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_admin_the_server_does_not_let_manage_users_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var nobody = await scenario.CreatePlainUserAsync();
        var admin = await scenario.CreateAdminAsync();
        var unprivileged = await scenario.CreateSecretAsync("engine-admin-nobody", scenario.AdminSecret(nobody));
        var wrongPassword = await scenario.CreateSecretAsync(
            "engine-admin-wrong", scenario.AdminSecret(admin with { Password = scenario.Passwords.NewPassword() }));
        var app = await scenario.CreateAppUserAsync(AnyHost);

        foreach (var adminSecret in new[] { unprivileged, wrongPassword })
        {
            var secret = await scenario.CreateSecretAsync("engine-admin-rejected", scenario.AppSecret(app, adminSecret.Arn));

            var outcome = await RefusedAsync(
                scenario, Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterCredentialsRejected, app, nobody, admin);

            outcome.Message.Should().Contain(adminSecret == unprivileged ? nobody.UserName : admin.UserName);
            (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_user_whose_alternate_name_is_too_long_for_the_server_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("engine-long-admin", scenario.AdminSecret(admin));

        // MySQL 9 accepts 32 characters, MariaDB 10.11 128: the user fits, its clone is one too long.
        var limit = scenario.Server.IsMySql ? 32 : 128;
        var name = MySqlTestServer.UniqueName("rt_long_").PadRight(limit - MySqlCloneNames.Suffix.Length + 1, 'x');
        var app = await scenario.CreateAppUserAsync(AnyHost, name);
        var secret = await scenario.CreateSecretAsync("engine-long", scenario.AppSecret(app, adminSecret.Arn));

        var outcome = await RefusedAsync(scenario, Strategy(alternating: true), secret.Name, MySqlRotationReasons.UserNameTooLong, app, admin);

        outcome.Message.Should().Contain($"at most {limit}").And.Contain(name);
        (await scenario.Server.RawHostsAsync(name + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Single_user_with_a_name_longer_than_the_server_allows_is_refused_as_a_login_the_server_rejects(string flavor)
    {
        // No account can have such a name, so the server can only refuse the login; single user never creates users.
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var limit = scenario.Server.IsMySql ? 32 : 128;
        var name = MySqlTestServer.UniqueName("rt_long_").PadRight(limit + 1, 'x');
        var secret = await scenario.CreateSecretAsync("engine-long-single", scenario.AppSecret(new MySqlCredentials(name, scenario.Passwords.NewPassword())));

        var outcome = await RefusedAsync(scenario, Strategy(alternating: false), secret.Name, MySqlRotationReasons.CurrentCredentialsRejected);

        outcome.Message.Should().Contain(name);
    }

    private static IRotationStrategy Strategy(bool alternating) => alternating
        ? new MySqlAlternatingUsersStrategy(MySqlTestServer.Target())
        : new MySqlSingleUserStrategy(MySqlTestServer.Target());

    private static Task<RotationOutcome> RefusedAsync(
        RotationScenario scenario, IRotationStrategy strategy, string secretId, string reason, params MySqlCredentials[] stillWorking) =>
        RefusedAsync(scenario, strategy, secretId, reason, scenario.Secrets, stillWorking);

    /// <summary>
    /// Runs a new rotation on an engine over <paramref name="secrets"/>, which must be refused with <paramref name="reason"/>,
    /// leak no password, and change nothing in Secrets Manager or on the server (<paramref name="stillWorking"/> still log in).
    /// </summary>
    private static async Task<RotationOutcome> RefusedAsync(
        RotationScenario scenario, IRotationStrategy strategy, string secretId, string reason, ISecretsManager secrets, params MySqlCredentials[] stillWorking)
    {
        var stages = await scenario.StagesAsync(secretId);
        var versions = await scenario.AllVersionIdsAsync(secretId);
        var current = (await scenario.Secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, RotationScenario.Token)).SecretString;
        var observer = new InMemoryRotationObserver();

        var outcome = await new RotationEngine(secrets, observer).RunAsync(scenario.Request(secretId), strategy, RotationScenario.Token);

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.Reason.Should().Be(reason, outcome.Message);
        outcome.SecretId.Should().Be(secretId);
        outcome.Message.Should().NotBeNullOrWhiteSpace();
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, outcome.Message);
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, string.Join('\n', observer.Events.Select(e => e.Step.Message)));
        (await scenario.StagesAsync(secretId)).Should().BeEquivalentTo(stages, "no label moved, none was added");
        (await scenario.StagesAsync(secretId)).Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending));
        (await scenario.AllVersionIdsAsync(secretId)).Should().BeEquivalentTo(versions, "no version was stored");
        (await scenario.Secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, RotationScenario.Token)).SecretString.Should().Be(current);
        foreach (var credentials in stillWorking)
        {
            (await scenario.CanLogInAsync(credentials)).Should().BeTrue($"'{credentials.UserName}' must still log in with its password");
        }

        return outcome;
    }
}
