using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.PostgreSql;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Rotation.Tests.PostgreSql;
using Rotator.Rotation.Tests.Strategies.DirectoryService;
using Rotator.Rotation.Tests.Strategies.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// One PostgreSQL rotation test's world: the test bed's PostgreSQL, moto as Secrets Manager, unique roles (dropped on
/// dispose), passwords that are all recorded, the strategies' logs captured, and the checks every test needs.
/// </summary>
internal sealed class PostgreSqlScenario : IAsyncDisposable
{
    private readonly HttpClient http = new();
    private readonly MotoServer moto;

    private PostgreSqlScenario(PostgreSqlTestServer server, MotoServer moto, DatabaseTlsMode tls)
    {
        this.moto = moto;
        Server = server;
        Roles = server.Roles();
        Secrets = MotoAws.SecretsManager(moto, http);
        Moto = new MotoSecrets(Secrets);
        Tls = tls;
        Settings = new PostgreSqlRotationSettings { Tls = tls, CaFile = server.CaFile };
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public PostgreSqlTestServer Server { get; }

    public PostgreSqlTestRoles Roles { get; }

    public ISecretsManager Secrets { get; }

    public MotoSecrets Moto { get; }

    public DatabaseTlsMode Tls { get; }

    public RecordingPasswordSource Passwords { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public PostgreSqlRotationSettings Settings { get; set; }

    /// <summary>The dedicated admin, once <see cref="CreateAdminAsync"/> made it.</summary>
    public PostgreSqlCredentials? Admin { get; private set; }

    public static PostgreSqlScenario Start(TestbedFixture testbed, DatabaseTlsMode tls = DatabaseTlsMode.VerifyFull) =>
        new(new PostgreSqlTestServer(testbed), testbed.Moto, tls);

    /// <summary>A scenario on a server of its own (a dedicated one that tests stop and start).</summary>
    public static PostgreSqlScenario Start(PostgreSqlServer server, MotoServer moto) => new(new PostgreSqlTestServer(server), moto, DatabaseTlsMode.VerifyFull);

    public PostgreSqlSingleUserStrategy SingleUser() => new(PostgreSqlTestServer.Target(), Settings, Logs.For<PostgreSqlSingleUserStrategy>());

    public PostgreSqlAlternatingUsersStrategy AlternatingUsers() => new(PostgreSqlTestServer.Target(), Settings, Logs.For<PostgreSqlAlternatingUsersStrategy>());

    public RotationEngine NewEngine(IRotationFaultInjector? faults = null) => new(Secrets, faults: faults);

    /// <summary>An engine as a restarted operator would build it: its own HTTP client (disposed by the caller).</summary>
    public RotationEngine FreshEngine(HttpClient client) => new(MotoAws.SecretsManager(moto, client));

    public RotationRequest Request(string secretId, string? versionId = null) =>
        new() { SecretId = secretId, ResumeVersionId = versionId, Passwords = Passwords };

    public Task<RotationOutcome> RotateAsync(IRotationStrategy strategy, string secretId, string? versionId = null) =>
        NewEngine().RunAsync(Request(secretId, versionId), strategy, Token);

    /// <summary>Runs one new rotation that must succeed; returns its version id.</summary>
    public async Task<string> RotatedAsync(IRotationStrategy strategy, string secretId)
    {
        var outcome = await RotateAsync(strategy, secretId);
        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.Reason.Should().Be(RotationReasons.Rotated);
        ShouldNotLeak(outcome.Message);
        return outcome.VersionId!;
    }

    /// <summary>A dedicated admin: LOGIN and CREATEROLE (or what <paramref name="attributes"/> says), not a superuser.</summary>
    public async Task<PostgreSqlCredentials> CreateAdminAsync(string attributes = "LOGIN CREATEROLE")
    {
        var admin = new PostgreSqlCredentials(Roles.Name("rt_adm_"), Passwords.NewPassword());
        await Server.CreateRoleAsync(admin.UserName, admin.Password, attributes);
        Admin = admin;
        return admin;
    }

    /// <summary>
    /// A role the way applications have them: a connection limit, an expiry, a group membership, settings, and a schema of
    /// its own to create tables in. Its clone's name is tracked for cleanup too.
    /// </summary>
    public async Task<PostgreSqlCredentials> CreateAppUserAsync(string? name = null)
    {
        var user = name is null ? Roles.Name("rt_app_") : Roles.Track(name);
        Roles.Track(PostgreSqlCloneNames.CloneOf(user));
        var group = Roles.Name("rt_grp_");
        var app = new PostgreSqlCredentials(user, Passwords.NewPassword());
        await Server.CreateRoleAsync(user, app.Password, "LOGIN CONNECTION LIMIT 20 VALID UNTIL '2099-01-01 00:00:00+00'");
        var id = PostgreSqlSyntax.Identifier(user);
        await Server.ExecAsync(
            $"CREATE ROLE {PostgreSqlSyntax.Identifier(group)} NOLOGIN",
            $"GRANT {PostgreSqlSyntax.Identifier(group)} TO {id}",
            $"CREATE SCHEMA {SchemaOf(user)} AUTHORIZATION {id}",
            $"ALTER ROLE {id} SET search_path = {PostgreSqlSyntax.Literal(user)}, public",
            $"ALTER ROLE {id} SET statement_timeout = '5min'");
        return app;
    }

    /// <summary>The schema <see cref="CreateAppUserAsync"/> gave the user: its own name, so search_path finds it.</summary>
    public static string SchemaOf(string user) => PostgreSqlSyntax.Identifier(user);

    /// <summary>AWS's PostgreSQL secret shape for <paramref name="app"/>, with <see cref="RotationScenario.UnknownFields"/> around it.</summary>
    public JsonObject AppSecret(PostgreSqlCredentials app, string? masterArn = null)
    {
        var secret = new JsonObject
        {
            ["engine"] = "postgres",
            ["host"] = Server.Host,
            ["port"] = Server.Port,
            ["username"] = app.UserName,
            ["password"] = app.Password,
            ["dbname"] = "postgres",
        };
        if (masterArn is not null)
        {
            secret["masterarn"] = masterArn;
        }

        foreach (var (key, value) in RotationScenario.UnknownFields())
        {
            secret[key] = value?.DeepClone();
        }

        return secret;
    }

    public JsonObject AdminSecret(PostgreSqlCredentials admin) => new()
    {
        ["engine"] = "postgres",
        ["host"] = Server.Host,
        ["port"] = Server.Port,
        ["username"] = admin.UserName,
        ["password"] = admin.Password,
    };

    /// <summary>A user secret and, with <paramref name="withAdmin"/>, a dedicated admin and its secret named by <c>masterarn</c>.</summary>
    public async Task<(PostgreSqlCredentials App, SecretVersionReference Secret)> AppWithSecretAsync(string prefix, bool withAdmin, string? name = null)
    {
        string? masterArn = null;
        if (withAdmin)
        {
            var admin = await CreateAdminAsync();
            masterArn = (await Moto.CreateAsync($"{prefix}-admin", AdminSecret(admin))).Arn;
        }

        var app = await CreateAppUserAsync(name);
        return (app, await Moto.CreateAsync(prefix, AppSecret(app, masterArn)));
    }

    public async Task<PostgreSqlCredentials> CredentialsAsync(string secretId, SecretVersionSelector version)
    {
        var json = await Moto.JsonAsync(secretId, version);
        return new PostgreSqlCredentials((string)json["username"]!, (string)json["password"]!);
    }

    public Task<bool> CanLogInAsync(PostgreSqlCredentials credentials) => Server.CanLogInAsync(credentials.UserName, credentials.Password, Tls);

    /// <summary>A finished rotation as <see cref="MotoSecrets.ShouldHaveRotatedAsync"/> checks it, and AWSCURRENT logs in.</summary>
    public async Task ShouldHaveRotatedAsync(string secretId, IReadOnlyList<string> before, string oldVersion, string newVersion)
    {
        await Moto.ShouldHaveRotatedAsync(secretId, before, oldVersion, newVersion);
        (await CanLogInAsync(await CredentialsAsync(secretId, SecretVersionSelector.Current))).Should().BeTrue("AWSCURRENT must work");
    }

    /// <summary>The text holds none of the passwords this scenario made, nor their random middle.</summary>
    public void ShouldNotLeak(string? text) => MySqlEngineLeaks.ShouldNotContainPasswords(Passwords, text);

    /// <summary>
    /// Runs a rotation that must be refused with <paramref name="reason"/>, leak nothing (outcome, logs), and leave Secrets
    /// Manager (versions and labels) as it was and <paramref name="stillWorking"/> logging in.
    /// </summary>
    public async Task<RotationOutcome> ShouldRefuseAndChangeNothingAsync(
        string secretId, IRotationStrategy strategy, string reason, params PostgreSqlCredentials[] stillWorking)
    {
        var stages = await Moto.StagesAsync(secretId);
        var versions = await Moto.AllVersionIdsAsync(secretId);

        var outcome = await RotateAsync(strategy, secretId);

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.Reason.Should().Be(reason, outcome.Message);
        ShouldNotLeak(outcome.Message);
        ShouldNotLeak(Logs.Text);
        (await Moto.StagesAsync(secretId)).Should().BeEquivalentTo(stages);
        (await Moto.AllVersionIdsAsync(secretId)).Should().BeEquivalentTo(versions);
        foreach (var credentials in stillWorking)
        {
            (await CanLogInAsync(credentials)).Should().BeTrue($"'{credentials.UserName}' must still log in with its password");
        }

        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        await Roles.DisposeAsync();
        http.Dispose();
    }
}
