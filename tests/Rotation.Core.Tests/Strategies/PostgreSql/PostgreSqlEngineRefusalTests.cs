using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>Bad input through the real engine: nothing changes in Secrets Manager or on the server, and the outcome says why.</summary>
public sealed class PostgreSqlEngineRefusalTests(TestbedFixture testbed)
{
    [Fact]
    public async Task An_unknown_engine_is_refused()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var app = await scenario.CreateAppUserAsync();
        var json = scenario.AppSecret(app);
        json["engine"] = "mysql";
        var secret = await scenario.Moto.CreateAsync("refuse-engine", json);

        var outcome = await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.SingleUser(), DatabaseRotationReasons.UnsupportedEngine, app);

        outcome.Message.Should().Contain("'mysql'").And.Contain("postgres");
    }

    [Fact]
    public async Task A_missing_masterarn_is_refused()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("refuse-masterarn", withAdmin: false);

        var outcome = await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.AlternatingUsers(), DatabaseRotationReasons.MissingField, app);

        outcome.Message.Should().Contain("masterarn");
    }

    [Fact]
    public async Task An_admin_without_CREATEROLE_is_refused_and_no_clone_is_made()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var admin = await scenario.CreateAdminAsync("LOGIN");
        var adminSecret = await scenario.Moto.CreateAsync("refuse-createrole-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync();
        var secret = await scenario.Moto.CreateAsync("refuse-createrole", scenario.AppSecret(app, adminSecret.Arn));

        var outcome = await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.AlternatingUsers(), DatabaseRotationReasons.MasterCredentialsRejected, app, admin);

        outcome.Message.Should().Contain("CREATEROLE");
        (await scenario.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", app.UserName + "_clone")).Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unreachable_host_is_refused(bool alternating)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var app = await scenario.CreateAppUserAsync();
        var port = MySql.RotationScenario.ClosedPort();
        string? masterArn = null;
        if (alternating)
        {
            var admin = scenario.AdminSecret(await scenario.CreateAdminAsync());
            admin["port"] = port;
            masterArn = (await scenario.Moto.CreateAsync("refuse-down-admin", admin)).Arn;
        }

        var json = scenario.AppSecret(app, masterArn);
        json["port"] = port;
        var secret = await scenario.Moto.CreateAsync("refuse-down", json);
        IRotationStrategy strategy = alternating ? scenario.AlternatingUsers() : scenario.SingleUser();

        var outcome = await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, strategy, DatabaseRotationReasons.TargetUnreachable);

        outcome.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_certificate_that_does_not_chain_to_the_CA_file_is_refused()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("refuse-tls", withAdmin: false);
        scenario.Settings = scenario.Settings with { CaFile = "/etc/ssl/certs/ca-certificates.crt" };

        await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.SingleUser(), DatabaseRotationReasons.TlsFailure, app);
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var app = await scenario.CreateAppUserAsync();
        var secret = await scenario.Moto.CreateAsync("refuse-password", scenario.AppSecret(app with { Password = scenario.Passwords.NewPassword() }));

        await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.SingleUser(), DatabaseRotationReasons.CurrentCredentialsRejected, app);
    }

    [Fact]
    public async Task A_binary_secret_is_refused()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var secret = await scenario.Secrets.CreateSecretAsync(
            new CreateSecretOptions(Aws.MotoAws.NewName("rotator-test/refuse-binary")) { Value = SecretPayload.FromBytes([0xff, 0xfe, 0x00]) }, PostgreSqlScenario.Token);

        var outcome = await scenario.ShouldRefuseAndChangeNothingAsync(secret.Name, scenario.SingleUser(), DatabaseRotationReasons.SecretNotJson);

        outcome.Message.Should().Contain("binary");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_password_the_servers_check_refuses_stops_at_setSecret_and_changes_nothing_on_the_server(bool alternating)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("refuse-policy", withAdmin: alternating);

        // passwordcheck in the session that sets the password; the password offered equals the role's name, which it refuses.
        var setter = alternating ? scenario.Admin!.UserName : app.UserName;
        var target = alternating ? PostgreSqlCloneNames.CloneOf(app.UserName) : app.UserName;
        await scenario.Server.ExecAsync($"ALTER ROLE {PostgreSqlSyntax.Identifier(setter)} SET session_preload_libraries = 'passwordcheck'");
        IRotationStrategy strategy = alternating ? scenario.AlternatingUsers() : scenario.SingleUser();
        var engine = scenario.NewEngine();

        var outcome = await engine.RunAsync(scenario.Request(secret.Name) with { Passwords = new NamePassword(target) }, strategy, PostgreSqlScenario.Token);

        // A refusal in a setSecret this run started is final: the engine removes the AWSPENDING it stored.
        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.FailedStep.Should().Be(RotationStepNames.SetSecret);
        outcome.Reason.Should().Be(DatabaseRotationReasons.PasswordRejected, outcome.Message);
        outcome.Message.Should().Contain("password must not equal user name");
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the server kept the current password");
        (await scenario.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", app.UserName + "_clone")).Should().BeEmpty("no clone was created");
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, PostgreSqlScenario.Token)).VersionId.Should().Be(secret.VersionId);
        (await scenario.Moto.StagesAsync(secret.Name)).Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending));
    }

    /// <summary>Offers the role's own name as its new password: what passwordcheck can refuse in a verifier.</summary>
    private sealed class NamePassword(string name) : IPasswordSource
    {
        public string NewPassword() => name;
    }
}
