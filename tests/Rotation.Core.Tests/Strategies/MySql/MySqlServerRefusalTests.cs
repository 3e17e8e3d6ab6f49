using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// A server, account or admin a MySQL rotation must not act on, through the real engine (<see cref="MySqlRefusalDriver"/>):
/// each is refused with its reason, nothing changes on the server or in Secrets Manager (no clone appears), and no
/// message carries a password. Refusals about the secret's own content are in <see cref="MySqlSecretRefusalTests"/>.
/// </summary>
public sealed class MySqlServerRefusalTests(TestbedFixture testbed)
{
    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_database_that_is_down_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var closed = RotationScenario.ClosedPort();
        var adminValue = scenario.AdminSecret(admin);
        adminValue["port"] = closed;
        var adminSecret = await scenario.CreateSecretAsync("down-admin", adminValue);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var value = scenario.AppSecret(app, adminSecret.Arn);
        value["port"] = closed;
        var secret = await scenario.CreateSecretAsync("down", value);

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.TargetUnreachable, app, admin);

        outcome.Message.Should().Contain($":{closed}");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.ServersAndStrategies), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_wrong_current_password_is_refused(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync(
            "wrong-password", scenario.AppSecret(app with { Password = scenario.Passwords.NewPassword() }, adminSecret.Arn));

        await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.CurrentCredentialsRejected, app, admin);

        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task Alternating_setSecret_does_not_act_for_a_secret_whose_own_credentials_fail(string flavor)
    {
        // The confused deputy: a secret names someone else's user; the admin must not clone it for whoever wrote the
        // secret. The engine's validation would refuse first, so setSecret's own guard is called directly.
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var victim = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var forged = victim with { Password = scenario.Passwords.NewPassword() };
        var secret = await scenario.CreateSecretAsync("deputy", scenario.AppSecret(forged, adminSecret.Arn));
        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        var pending = current with
        {
            VersionId = RotationScenario.NewVersionId(),
            SecretString = scenario.AppSecret(new MySqlCredentials(victim.UserName + MySqlCloneNames.Suffix, scenario.Passwords.NewPassword()), adminSecret.Arn).ToJsonString(),
        };

        await new MySqlRefusalDriver(scenario).StepAsync(
            secret.Name,
            () => scenario.Strategy(alternating: true).SetAsync(scenario.Context(secret.Name, current, pending), RotationScenario.Token),
            MySqlRotationReasons.CurrentCredentialsRejected,
            victim,
            admin);

        (await scenario.Server.RawHostsAsync(victim.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty("no clone of the victim may exist");
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_pending_value_for_another_user_is_refused_by_both_strategies(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("pending-other", scenario.AppSecret(app, adminSecret.Arn));

        // Someone wrote AWSPENDING by hand, naming the admin; resuming that version must not touch the admin.
        var version = RotationScenario.NewVersionId();
        var hijack = admin with { Password = scenario.Passwords.NewPassword() };
        await scenario.Secrets.PutSecretValueAsync(
            secret.Name, SecretPayload.FromString(scenario.AppSecret(hijack, adminSecret.Arn).ToJsonString()), [SecretVersionStages.Pending], version, RotationScenario.Token);

        foreach (var alternating in new[] { false, true })
        {
            var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
                scenario.Strategy(alternating), secret.Name, MySqlRotationReasons.PendingMismatch, scenario.Secrets, version, app, admin);
            outcome.Message.Should().Contain(admin.UserName).And.Contain("AWSPENDING kept");
        }

        (await scenario.CanLogInAsync(hijack)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_missing_admin_secret_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var missing = $"rotator-test/missing-{Guid.NewGuid():N}";
        var secret = await scenario.CreateSecretAsync("no-admin", scenario.AppSecret(app, missing));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterSecretNotFound, app);

        outcome.Message.Should().Contain(missing);
        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task An_admin_secret_the_operator_may_not_read_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin-denied", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("denied", scenario.AppSecret(app, adminSecret.Arn));
        var denied = new AccessDeniedFor(scenario.Secrets, adminSecret.Arn!);

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterSecretAccessDenied, denied, null, app, admin);

        outcome.Message.Should().Contain(adminSecret.Arn!).And.Contain("AccessDenied");
        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_wrong_admin_password_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin with { Password = scenario.Passwords.NewPassword() }));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("admin-wrong", scenario.AppSecret(app, adminSecret.Arn));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterCredentialsRejected, app, admin);

        outcome.Message.Should().Contain(admin.UserName);
        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task An_admin_without_privileges_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var nobody = await scenario.CreatePlainUserAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin-nobody", scenario.AdminSecret(nobody));
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("admin-unprivileged", scenario.AppSecret(app, adminSecret.Arn));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.MasterCredentialsRejected, app, nobody);

        outcome.Message.Should().Contain(nobody.UserName);
        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task An_admin_secret_for_another_server_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminValue = scenario.AdminSecret(admin);
        adminValue["host"] = "localhost";
        var adminSecret = await scenario.CreateSecretAsync("admin-elsewhere", adminValue);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("host-mismatch", scenario.AppSecret(app, adminSecret.Arn));

        await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.HostMismatch, app, admin);
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task A_user_whose_alternate_name_is_too_long_for_the_server_is_refused(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("long-admin", scenario.AdminSecret(admin));

        // MySQL 9.7 accepts 32 characters, MariaDB 10.11 128: the user fits, its clone is one too long.
        var limit = scenario.Server.IsMySql ? 32 : 128;
        var name = MySqlTestServer.UniqueName("rt_long_").PadRight(limit - MySqlCloneNames.Suffix.Length + 1, 'x');
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost, name);
        var secret = await scenario.CreateSecretAsync("long-name", scenario.AppSecret(app, adminSecret.Arn));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: true), secret.Name, MySqlRotationReasons.UserNameTooLong, app, admin);

        outcome.Message.Should().Contain($"at most {limit}").And.Contain(name);
        (await scenario.Server.RawHostsAsync(name + MySqlCloneNames.Suffix)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(MySqlRefusalDriver.Servers), MemberType = typeof(MySqlRefusalDriver))]
    public async Task Single_user_with_a_name_longer_than_the_server_allows_is_refused_as_a_login_the_server_rejects(string flavor)
    {
        // No account can have such a name, so the server can only refuse the login; single user never creates users.
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var limit = scenario.Server.IsMySql ? 32 : 128;
        var name = MySqlTestServer.UniqueName("rt_long_").PadRight(limit + 1, 'x');
        var secret = await scenario.CreateSecretAsync("long-single", scenario.AppSecret(new MySqlCredentials(name, scenario.Passwords.NewPassword())));

        var outcome = await new MySqlRefusalDriver(scenario).RotationAsync(
            scenario.Strategy(alternating: false), secret.Name, MySqlRotationReasons.CurrentCredentialsRejected);

        outcome.Message.Should().Contain(name);
    }
}
