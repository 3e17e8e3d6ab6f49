using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Secrets and settings a MySQL rotation cannot work with, through the real engine (<see cref="MySqlRefusalDriver"/>):
/// each is refused with its reason before anything changes on the server or in Secrets Manager, and no message
/// carries a password. Refusals about the server and its accounts are in <see cref="MySqlServerRefusalTests"/>.
/// </summary>
public sealed class MySqlSecretRefusalTests(TestbedFixture testbed)
{
    /// <summary>Field, JSON to put there (null: remove it), and what the message says about it.</summary>
    private static readonly (string Field, string? Json, string Problem)[] BadFieldCases =
    [
        ("password", null, "is missing"),
        ("username", "42", "not a string"),
        ("host", "\"\"", "is empty"),
        ("engine", null, "is missing"),
        ("port", "true", "not a number"),
        ("ssl", "{\"mode\": \"on\"}", "not true, false or a mode name"),
        ("dbname", "[]", "not a string"),
    ];

    private static readonly (string Field, string Json)[] UnusableFieldCases = [("port", "70000"), ("port", "\"33o6\""), ("ssl", "\"sometimes\"")];

    public static TheoryData<string, string, string?, string> BadFields
    {
        get
        {
            var data = new TheoryData<string, string, string?, string>();
            foreach (var flavor in MySqlRefusalDriver.Flavors)
            {
                foreach (var (name, json, problem) in BadFieldCases)
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
            var data = new TheoryData<string, string, string>();
            foreach (var flavor in MySqlRefusalDriver.Flavors)
            {
                foreach (var (name, json) in UnusableFieldCases)
                {
                    data.Add(flavor, name, json);
                }
            }

            return data;
        }
    }

    /// <summary>A mode that does not exist, and VerifyCA without the operator's CA file.</summary>
    public static TheoryData<string, DatabaseTlsMode, string?> UnusableTlsSettings
    {
        get
        {
            // An unknown mode name cannot reach Rotation.Core any more: the CRD's enum refuses it at admission.
            var data = new TheoryData<string, DatabaseTlsMode, string?>();
            foreach (var flavor in MySqlRefusalDriver.Flavors)
            {
                data.Add(flavor, DatabaseTlsMode.VerifyCA, null);
                data.Add(flavor, DatabaseTlsMode.VerifyCA, "  ");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_secret_that_is_not_JSON_is_refused_without_quoting_it(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);

        // Cut off right after the password, which carries a backslash that is no valid JSON escape either: a parser's
        // message would quote the text around the fault.
        var text = $$"""{"engine": "{{scenario.Engine}}", "host": "127.0.0.1", "username": "{{app.UserName}}", "password": "{{app.Password}}""";
        var secret = await scenario.CreateSecretAsync("not-json", text);

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.SecretNotJson, app);

        outcome.Message.Should().Contain(secret.Name).And.Contain("not valid JSON");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_binary_secret_is_refused_saying_it_is_binary_even_when_its_bytes_are_JSON(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);

        // A complete, working secret, stored as SecretBinary: binary is never decoded as text, so it must not rotate.
        var bytes = System.Text.Encoding.UTF8.GetBytes(scenario.AppSecret(app).ToJsonString());
        var secret = await scenario.CreateSecretAsync("binary", SecretPayload.FromBytes(bytes));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.SecretNotJson, app);

        outcome.Message.Should().Contain(secret.Name).And.Contain(secret.VersionId).And.Contain("is binary (SecretBinary)")
            .And.Contain("needs a JSON SecretString with host, username, password");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_JSON_array_is_not_a_secret_object(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("array", new JsonArray(scenario.AppSecret(app)).ToJsonString());

        await new MySqlRefusalDriver(scenario).RotationAsync(scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.SecretNotJson, app);
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_missing_or_wrongly_typed_field_is_refused_naming_the_field(string flavor, string field, string? json, string problem)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var value = scenario.AppSecret(app);
        value[field] = json is null ? null : JsonNode.Parse(json);
        if (json is null)
        {
            value.Remove(field);
        }

        var secret = await scenario.CreateSecretAsync("field", value);

        foreach (var alternating in new[] { false, true })
        {
            var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
                scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.MissingField, app);
            outcome.Message.Should().Contain($"field '{field}'").And.Contain(problem);
        }
    }

    [Theory]
    [MemberData(nameof(UnusableFields))]
    public async Task A_field_with_an_unusable_value_is_refused_naming_the_field(string flavor, string field, string json)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var value = scenario.AppSecret(app);
        value[field] = JsonNode.Parse(json);
        var secret = await scenario.CreateSecretAsync("value", value);

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: false), secret.Name, MySqlRotationReasons.InvalidField, app);

        outcome.Message.Should().Contain($"field '{field}'");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task Another_engine_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var value = scenario.AppSecret(app);
        value["engine"] = "postgres";
        var secret = await scenario.CreateSecretAsync("engine", value);

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.UnsupportedEngine, app);

        outcome.Message.Should().Contain("'postgres'");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task Aurora_MySQL_and_MariaDB_engine_names_are_accepted_whatever_the_server(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var value = scenario.AppSecret(app, adminSecret.Arn);
        value["engine"] = alternating ? "aurora-mysql" : "MariaDB";
        var secret = await scenario.CreateSecretAsync("engine-ok", value);

        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        await scenario.Strategy(alternating).ValidateAsync(scenario.Context(secret.Name, current), RotationScenario.Token);
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task No_masterarn_and_no_admin_setting_is_a_missing_field(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("no-masterarn", scenario.AppSecret(app));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.MissingField, app);

        outcome.Message.Should().Contain("'masterarn'");
    }

    [Theory]
    [MemberData(nameof(UnusableTlsSettings))]
    public async Task Unusable_TLS_settings_are_refused(string flavor, DatabaseTlsMode tls, string? caFile)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("tls-setting", scenario.AppSecret(app));
        scenario.Settings = new MySqlRotationSettings { Tls = tls, CaFile = caFile };

        await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: false), secret.Name, MySqlRotationReasons.InvalidSettings, app);
    }
}
