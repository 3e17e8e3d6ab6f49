using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Secrets and settings a rotation cannot work with: each is refused with its reason, before anything changes on the
/// server or in Secrets Manager, and no message carries a password.
/// </summary>
public sealed class MySqlRotationRefusalTests(TestbedFixture testbed)
{
    private static readonly string[] AnyHost = ["%"];

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    public static TheoryData<string, bool> ServersAndStrategies => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    private static readonly string[] Flavors = ["mariadb", "mysql"];

    /// <summary>Field, JSON to put there (null: remove it), and what the message says about it; on both servers.</summary>
    public static TheoryData<string, string, string?, string> BadFields
    {
        get
        {
            (string Field, string? Json, string Problem)[] cases =
            [
                ("password", null, "is missing"),
                ("username", "42", "not a string"),
                ("host", "\"\"", "is empty"),
                ("engine", null, "is missing"),
                ("port", "true", "not a number"),
                ("ssl", "{\"mode\": \"on\"}", "not true, false or a mode name"),
                ("dbname", "[]", "not a string"),
            ];
            var data = new TheoryData<string, string, string?, string>();
            foreach (var flavor in Flavors)
            {
                foreach (var (name, json, problem) in cases)
                {
                    data.Add(flavor, name, json, problem);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string, string> UnusableFields
    {
        get
        {
            (string Field, string Json)[] cases = [("port", "70000"), ("port", "\"33o6\""), ("ssl", "\"sometimes\"")];
            var data = new TheoryData<string, string, string>();
            foreach (var flavor in Flavors)
            {
                foreach (var (name, json) in cases)
                {
                    data.Add(flavor, name, json);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string, string?> UnusableTlsSettings
    {
        get
        {
            var data = new TheoryData<string, string, string?>();
            foreach (var flavor in Flavors)
            {
                data.Add(flavor, "sometimes", null);
                data.Add(flavor, "verify_ca", null);
            }

            return data;
        }
    }

    private static IRotationStrategy Strategy(bool alternating) => alternating
        ? new MySqlAlternatingUsersStrategy(MySqlTestServer.Target())
        : new MySqlSingleUserStrategy(MySqlTestServer.Target());

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_secret_that_is_not_JSON_is_refused_without_quoting_it(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        // Cut off after the password, which carries a backslash that is no valid JSON escape either.
        var text = $$"""{"engine": "{{scenario.Engine}}", "host": "127.0.0.1", "username": "{{app.UserName}}", "password": "{{app.Password}}""";
        var secret = await scenario.CreateSecretAsync("not-json", text);

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.SecretNotJson, app);

        error.Message.Should().Contain(secret.Name).And.Contain("not valid JSON");
        error.ToString().Should().NotContain(app.Password[4..36], "not even the part of the password before the fault");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_binary_secret_is_refused_saying_it_is_binary_even_when_its_bytes_are_JSON(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        // A complete, working secret, stored as SecretBinary: binary is never decoded as text, so it must not rotate.
        var bytes = System.Text.Encoding.UTF8.GetBytes(scenario.AppSecret(app).ToJsonString());
        var secret = await scenario.CreateSecretAsync("binary", SecretPayload.FromBytes(bytes));

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.SecretNotJson, app);

        error.Message.Should().Contain(secret.Name).And.Contain(secret.VersionId).And.Contain("is binary (SecretBinary)").And.Contain("needs a JSON SecretString with host, username, password");
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token)).SecretBinary.Should().Equal(bytes);
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_JSON_array_is_not_a_secret_object(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("array", new JsonArray(scenario.AppSecret(app)).ToJsonString());

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.SecretNotJson, app);
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_missing_or_wrongly_typed_field_is_refused_naming_the_field(string flavor, string field, string? json, string problem)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app);
        value[field] = json is null ? null : JsonNode.Parse(json);
        if (json is null)
        {
            value.Remove(field);
        }

        var secret = await scenario.CreateSecretAsync("field", value);

        foreach (var alternating in new[] { false, true })
        {
            var error = await scenario.ShouldRefuseAndChangeNothingAsync(
                secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.MissingField, app);
            error.Message.Should().Contain($"field '{field}'").And.Contain(problem);
        }
    }

    [Theory]
    [MemberData(nameof(UnusableFields))]
    public async Task A_field_with_an_unusable_value_is_refused_naming_the_field(string flavor, string field, string json)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app);
        value[field] = JsonNode.Parse(json);
        var secret = await scenario.CreateSecretAsync("value", value);

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(false), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.InvalidField, app);

        error.Message.Should().Contain($"field '{field}'");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task Another_engine_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app);
        value["engine"] = "postgres";
        var secret = await scenario.CreateSecretAsync("engine", value);

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.UnsupportedEngine, app);

        error.Message.Should().Contain("'postgres'");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task Aurora_MySQL_and_MariaDB_engine_names_are_accepted_whatever_the_server(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app, adminSecret.Arn);
        value["engine"] = alternating ? "aurora-mysql" : "MariaDB";
        var secret = await scenario.CreateSecretAsync("engine-ok", value);

        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        await Strategy(alternating).ValidateAsync(scenario.Context(secret.Name, current), RotationScenario.Token);
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task An_unreachable_database_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var closed = RotationScenario.ClosedPort();
        var adminValue = scenario.AdminSecret(admin);
        adminValue["port"] = closed;
        var adminSecret = await scenario.CreateSecretAsync("admin", adminValue);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var value = scenario.AppSecret(app, adminSecret.Arn);
        value["port"] = closed;
        var secret = await scenario.CreateSecretAsync("unreachable", value);

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.TargetUnreachable, app);

        error.Message.Should().Contain($":{closed}");
    }

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_wrong_current_password_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync(
            "wrong-password", scenario.AppSecret(app with { Password = scenario.Passwords.NewPassword() }, adminSecret.Arn));

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name,
            () => scenario.RunAsync(Strategy(alternating), secret.Name, RotationScenario.NewVersionId()),
            MySqlRotationReasons.CurrentCredentialsRejected,
            app,
            admin);

        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Alternating_setSecret_does_not_act_for_a_secret_whose_own_credentials_fail(string flavor)
    {
        // The confused deputy: a secret names someone else's user; the admin must not clone it for whoever wrote the secret.
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var victim = await scenario.CreateAppUserAsync(AnyHost);
        var forged = victim with { Password = scenario.Passwords.NewPassword() };
        var secret = await scenario.CreateSecretAsync("deputy", scenario.AppSecret(forged, adminSecret.Arn));
        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        var pending = current with
        {
            VersionId = RotationScenario.NewVersionId(),
            SecretString = scenario.AppSecret(new MySqlCredentials(victim.UserName + "_clone", scenario.Passwords.NewPassword()), adminSecret.Arn).ToJsonString(),
        };

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name,
            () => Strategy(alternating: true).SetAsync(scenario.Context(secret.Name, current, pending), RotationScenario.Token),
            MySqlRotationReasons.CurrentCredentialsRejected,
            victim,
            admin);

        (await scenario.Server.RawHostsAsync(victim.UserName + "_clone")).Should().BeEmpty("no clone of the victim may exist");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_pending_value_for_another_user_is_refused_by_both_strategies(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("pending-other", scenario.AppSecret(app, adminSecret.Arn));

        // Someone wrote AWSPENDING by hand, naming the admin; resuming that version must not touch the admin.
        var version = RotationScenario.NewVersionId();
        var hijack = admin with { Password = scenario.Passwords.NewPassword() };
        await scenario.Secrets.PutSecretValueAsync(
            secret.Name, SecretPayload.FromString(scenario.AppSecret(hijack, adminSecret.Arn).ToJsonString()), [SecretVersionStages.Pending], version, RotationScenario.Token);

        foreach (var alternating in new[] { false, true })
        {
            var error = await scenario.ShouldRefuseAndChangeNothingAsync(
                secret.Name, () => scenario.RunAsync(Strategy(alternating), secret.Name, version), MySqlRotationReasons.PendingMismatch, app, admin);
            error.Message.Should().Contain(admin.UserName);
        }

        (await scenario.CanLogInAsync(hijack)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_missing_admin_secret_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var missing = $"rotator-test/missing-{Guid.NewGuid():N}";
        var secret = await scenario.CreateSecretAsync("no-admin", scenario.AppSecret(app, missing));

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.MasterSecretNotFound, app);

        error.Message.Should().Contain(missing);
        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task No_masterarn_and_no_admin_setting_is_a_missing_field(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("no-masterarn", scenario.AppSecret(app));

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.MissingField, app);

        error.Message.Should().Contain("'masterarn'");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_wrong_admin_password_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin with { Password = scenario.Passwords.NewPassword() }));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("admin-wrong", scenario.AppSecret(app, adminSecret.Arn));

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.MasterCredentialsRejected, app, admin);

        error.Message.Should().Contain(admin.UserName);
        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_admin_without_privileges_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var nobody = await scenario.CreatePlainUserAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin-nobody", scenario.AdminSecret(nobody));
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("admin-unprivileged", scenario.AppSecret(app, adminSecret.Arn));

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.MasterCredentialsRejected, app, nobody);

        (await scenario.Server.RawHostsAsync(app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_admin_secret_for_another_server_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminValue = scenario.AdminSecret(admin);
        adminValue["host"] = "localhost";
        var adminSecret = await scenario.CreateSecretAsync("admin-elsewhere", adminValue);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("host-mismatch", scenario.AppSecret(app, adminSecret.Arn));

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.HostMismatch, app, admin);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_user_name_whose_clone_exceeds_the_servers_limit_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));

        // MySQL 9.7 accepts 32 characters, MariaDB 10.11 128: the user fits, its clone is one too long.
        var limit = scenario.Server.IsMySql ? 32 : 128;
        var name = MySqlTestServer.UniqueName("rt_long_").PadRight(limit - "_clone".Length + 1, 'x');
        var app = await scenario.CreateAppUserAsync(AnyHost, name);
        var secret = await scenario.CreateSecretAsync("long-name", scenario.AppSecret(app, adminSecret.Arn));

        var error = await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(true), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.UserNameTooLong, app, admin);

        error.Message.Should().Contain($"at most {limit}");
        (await scenario.Server.RawHostsAsync(name + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(UnusableTlsSettings))]
    public async Task Unusable_TLS_settings_are_refused(string flavor, string tls, string? caFile)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("tls-setting", scenario.AppSecret(app));
        scenario.Settings = new RotationSettings { MySqlTls = tls, MySqlCaFile = caFile };

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name, () => scenario.RunAsync(Strategy(false), secret.Name, RotationScenario.NewVersionId()), MySqlRotationReasons.InvalidSettings, app);
    }
}
