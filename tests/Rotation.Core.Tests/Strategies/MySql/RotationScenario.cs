using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Rotation.Tests.MySql;
using Rotator.Rotation.Tests.Strategies.DirectoryService;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// One rotation test's world: a MariaDB or MySQL server of the test bed, moto as Secrets Manager, unique users (dropped
/// on dispose) and passwords that are all recorded, plus the checks every test needs.
/// </summary>
internal sealed class RotationScenario : IAsyncDisposable
{
    private readonly HttpClient http = new();
    private readonly MotoServer moto;

    private RotationScenario(MySqlTestServer server, MotoServer moto, bool tls)
    {
        this.moto = moto;
        Server = server;
        Tls = tls;
        Accounts = server.Accounts();
        Secrets = MotoAws.SecretsManager(moto, http);
        Settings = tls
            ? new MySqlRotationSettings { Tls = DatabaseTlsMode.VerifyCA, CaFile = server.CaFile }
            : new MySqlRotationSettings { Tls = DatabaseTlsMode.Disabled };
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public MySqlTestServer Server { get; }

    /// <summary>VerifyCA with the test bed's CA when true, plain TCP otherwise.</summary>
    public bool Tls { get; }

    public DatabaseTlsMode TlsMode => Tls ? DatabaseTlsMode.VerifyCA : DatabaseTlsMode.Disabled;

    public TestAccounts Accounts { get; }

    public ISecretsManager Secrets { get; }

    public RecordingPasswordSource Passwords { get; } = new();

    /// <summary>What the strategies made by <see cref="SingleUser"/> and <see cref="AlternatingUsers"/> logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The resource's MySQL settings; strategies made after a change see it.</summary>
    public MySqlRotationSettings Settings { get; set; }

    /// <summary>The dedicated admin, once <see cref="CreateAdminAsync"/> made it.</summary>
    public MySqlCredentials? Admin { get; private set; }

    public string Engine => Server.IsMySql ? "mysql" : "mariadb";

    public static RotationScenario Start(TestbedFixture testbed, string flavor, bool tls) =>
        new(new MySqlTestServer(testbed, flavor), testbed.Moto, tls);

    public static string NewVersionId() => Guid.NewGuid().ToString();

    /// <summary>A TCP port on loopback that nothing listens on.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public MySqlSingleUserStrategy SingleUser() => new(MySqlTestServer.Target(), Settings, Logs.For<MySqlSingleUserStrategy>());

    public MySqlAlternatingUsersStrategy AlternatingUsers() =>
        new(MySqlTestServer.Target(), Settings with { Alternating = true }, Logs.For<MySqlAlternatingUsersStrategy>());

    public IRotationStrategy Strategy(bool alternating) => alternating ? AlternatingUsers() : SingleUser();

    public FourStepDriver Driver() => new(Secrets, Passwords);

    public Task<bool> RunAsync(IRotationStrategy strategy, string secretId, string versionId, CrashPoint stopAfter = CrashPoint.None) =>
        Driver().RunAsync(strategy, secretId, versionId, stopAfter, Token);

    /// <summary>The real engine on this scenario's Secrets Manager client, passwords and settings.</summary>
    public RotationEngine NewEngine(IRotationFaultInjector? faults = null, IRotationObserver? observer = null) => new(Secrets, observer, faults: faults);

    /// <summary>
    /// An engine as a restarted operator would build it: its own HTTP client (disposed by the caller), nothing shared
    /// with the engine that ran before but Secrets Manager itself.
    /// </summary>
    public RotationEngine FreshEngine(HttpClient client) => new(MotoAws.SecretsManager(moto, client));

    public RotationRequest Request(string secretId, string? versionId = null) =>
        new() { SecretId = secretId, ResumeVersionId = versionId, Passwords = Passwords };

    /// <summary>One engine run of <paramref name="strategy"/> on <paramref name="secretId"/>: a new rotation, or the resumption of <paramref name="versionId"/>.</summary>
    public Task<RotationOutcome> RotateAsync(IRotationStrategy strategy, string secretId, string? versionId = null) =>
        NewEngine().RunAsync(Request(secretId, versionId), strategy, Token);

    /// <summary>
    /// A user the way applications have them: on each of <paramref name="hosts"/> ('%' first), privileges with and
    /// without grant option, a column privilege, a global privilege on 'localhost', a default role, REQUIRE SSL on '%'
    /// over TLS, a connection limit, and on MySQL a dynamic privilege. Its clone name is tracked for cleanup too.
    /// </summary>
    public async Task<MySqlCredentials> CreateAppUserAsync(string[] hosts, string? name = null, bool dualPasswordPrivilege = false)
    {
        var user = name is null ? Accounts.User("rt_") : Accounts.Track(name);
        Accounts.Track(MySqlCloneNames.AlternateOf(user));
        var password = Passwords.NewPassword();
        var role = Accounts.Role();
        await Server.ExecAsync(q =>
        {
            var any = q.Account(user, "%");
            var statements = new List<string>
            {
                $"CREATE ROLE `{role}`",
                $"GRANT SELECT ON `rt_role_db`.* TO `{role}`",
                $"CREATE USER {any} IDENTIFIED BY {q.Literal(password)}{(Tls ? " REQUIRE SSL" : "")} WITH MAX_USER_CONNECTIONS 20",
                $"GRANT SELECT, INSERT ON `rt_strat_db`.* TO {any} WITH GRANT OPTION",
                $"GRANT SELECT (`User`, `Host`) ON `mysql`.`db` TO {any}",
                $"GRANT `{role}` TO {any}",
                Server.IsMySql ? $"SET DEFAULT ROLE `{role}` TO {any}" : $"SET DEFAULT ROLE `{role}` FOR {any}",
            };
            foreach (var host in hosts.Where(h => h != "%"))
            {
                statements.Add($"CREATE USER {q.Account(user, host)} IDENTIFIED BY {q.Literal(password)}");
                statements.Add($"GRANT PROCESS ON *.* TO {q.Account(user, host)}");
            }

            if (Admin is not null)
            {
                // Admins hand out the roles they administer.
                statements.Add($"GRANT `{role}` TO {q.Account(Admin.UserName, "%")} WITH ADMIN OPTION");
            }

            if (Server.IsMySql)
            {
                statements.Add($"GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO {any}");
            }

            if (dualPasswordPrivilege)
            {
                statements.AddRange(hosts.Select(h => $"GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO {q.Account(user, h)}"));
            }

            return statements;
        });
        return new MySqlCredentials(user, password);
    }

    /// <summary>A dedicated admin: CREATE USER plus GRANT ALL ON *.* WITH GRANT OPTION, rather than the test bed's root.</summary>
    public async Task<MySqlCredentials> CreateAdminAsync()
    {
        var user = Accounts.User("rt_adm_");
        var password = Passwords.NewPassword();
        await Server.ExecAsync(q =>
        [
            $"CREATE USER {q.Account(user, "%")} IDENTIFIED BY {q.Literal(password)}",
            $"GRANT ALL PRIVILEGES ON *.* TO {q.Account(user, "%")} WITH GRANT OPTION",
        ]);
        Admin = new MySqlCredentials(user, password);
        return Admin;
    }

    /// <summary>A user with no privileges at all.</summary>
    public async Task<MySqlCredentials> CreatePlainUserAsync()
    {
        var user = Accounts.User("rt_nobody_");
        var password = Passwords.NewPassword();
        await Server.CreateUserAsync(user, password, "%");
        return new MySqlCredentials(user, password);
    }

    /// <summary>Fields this code does not know, of every JSON kind; rotations must keep them as they are.</summary>
    public static JsonObject UnknownFields() => new()
    {
        ["team"] = "payments",
        ["notes"] = "Grüße, 名前 <&> 'quoted' \"double\" \\ back",
        ["replicas"] = JsonNode.Parse("3"),
        ["weights"] = JsonNode.Parse("[1.50, 2e3, -0]"),
        ["proxy"] = JsonNode.Parse("""{"enabled": true, "hosts": ["a", "b"], "nested": {"deep": null}}"""),
        ["rotation_hint"] = null,
    };

    /// <summary>AWS's MySQL secret shape for <paramref name="app"/> on this server, with <see cref="UnknownFields"/> around it.</summary>
    public JsonObject AppSecret(MySqlCredentials app, string? masterArn = null)
    {
        var secret = new JsonObject { ["engine"] = Engine, ["host"] = Server.Endpoint().Host, ["port"] = Server.Endpoint().Port };
        secret["username"] = app.UserName;
        secret["password"] = app.Password;
        if (masterArn is not null)
        {
            secret["masterarn"] = masterArn;
        }

        foreach (var (key, value) in UnknownFields())
        {
            secret[key] = value?.DeepClone();
        }

        return secret;
    }

    public JsonObject AdminSecret(MySqlCredentials admin) => new()
    {
        ["engine"] = Engine,
        ["host"] = Server.Endpoint().Host,
        ["port"] = Server.Endpoint().Port,
        ["username"] = admin.UserName,
        ["password"] = admin.Password,
    };

    public Task<SecretVersionReference> CreateSecretAsync(string prefix, JsonObject value) =>
        CreateSecretAsync(prefix, value.ToJsonString());

    public Task<SecretVersionReference> CreateSecretAsync(string prefix, string value) =>
        CreateSecretAsync(prefix, SecretPayload.FromString(value));

    public Task<SecretVersionReference> CreateSecretAsync(string prefix, SecretPayload value) =>
        Secrets.CreateSecretAsync(new CreateSecretOptions(MotoAws.NewName($"rotator-test/{prefix}")) { Value = value }, Token);

    public async Task<JsonObject> JsonAsync(string secretId, SecretVersionSelector version) =>
        SecretJson.ParseObject(await Secrets.GetSecretValueAsync(secretId, version, Token));

    public async Task<MySqlCredentials> CredentialsAsync(string secretId, SecretVersionSelector version)
    {
        var json = await JsonAsync(secretId, version);
        return new MySqlCredentials((string)json["username"]!, (string)json["password"]!);
    }

    public Task<bool> CanLogInAsync(MySqlCredentials credentials) => Server.CanLogInAsync(credentials.UserName, credentials.Password, TlsMode);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> StagesAsync(string secretId) => new MotoSecrets(Secrets).StagesAsync(secretId);

    /// <summary>Every version id, unlabelled ones included.</summary>
    public Task<IReadOnlyList<string>> AllVersionIdsAsync(string secretId) => new MotoSecrets(Secrets).AllVersionIdsAsync(secretId);

    /// <summary>What the engine would hand a strategy, for calling one step directly.</summary>
    public RotationContext Context(string secretId, SecretValue current, SecretValue? pending = null, SecretValue? previous = null) => new()
    {
        SecretId = secretId,
        VersionId = pending?.VersionId ?? NewVersionId(),
        Current = current,
        Pending = pending,
        Previous = previous,
        SecretsManager = Secrets,
        Passwords = Passwords,
    };

    /// <summary>
    /// After one finished rotation to <paramref name="newVersion"/>: exactly one version more than <paramref name="before"/>,
    /// AWSCURRENT on it, AWSPREVIOUS on <paramref name="oldVersion"/>, AWSPENDING nowhere, AWSCURRENT's credentials log in,
    /// and every field but username and password as it was.
    /// </summary>
    public async Task ShouldHaveRotatedAsync(string secretId, IReadOnlyList<string> before, string oldVersion, string newVersion)
    {
        (await AllVersionIdsAsync(secretId)).Should().BeEquivalentTo([.. before, newVersion], "exactly one new version");
        var stages = await StagesAsync(secretId);
        stages[newVersion].Should().BeEquivalentTo([SecretVersionStages.Current]);
        stages[oldVersion].Should().BeEquivalentTo([SecretVersionStages.Previous]);
        stages.Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending));
        (await CanLogInAsync(await CredentialsAsync(secretId, SecretVersionSelector.Current))).Should().BeTrue("AWSCURRENT must work");

        var old = await JsonAsync(secretId, SecretVersionSelector.ById(oldVersion));
        var current = await JsonAsync(secretId, SecretVersionSelector.Current);
        current.Select(p => p.Key).Should().Equal(old.Select(p => p.Key), "no field is added, dropped or reordered");
        foreach (var (key, value) in old.Where(p => p.Key is not ("username" or "password")))
        {
            JsonNode.DeepEquals(current[key], value).Should().BeTrue($"field '{key}' is kept as it was");
        }
    }

    /// <summary>Nothing in the exception, its inner exceptions or its stack trace is a password or a secret's text.</summary>
    public void ShouldNotLeak(Exception error)
    {
        var text = error.ToString();
        foreach (var secret in Passwords.Issued)
        {
            text.Should().NotContain(secret, "no message may contain a password");
        }
    }

    /// <summary>
    /// Runs <paramref name="act"/>, which must be refused with <paramref name="reason"/>, leak nothing, and leave Secrets
    /// Manager (versions and labels) as it was and <paramref name="stillWorking"/> logging in.
    /// </summary>
    public async Task<RotationRefusedException> ShouldRefuseAndChangeNothingAsync(
        string secretId, Func<Task> act, string reason, params MySqlCredentials[] stillWorking)
    {
        var stages = await StagesAsync(secretId);
        var versions = await AllVersionIdsAsync(secretId);

        var error = (await act.Should().ThrowAsync<RotationRefusedException>()).Which;

        error.Reason.Should().Be(reason, error.Message);
        ShouldNotLeak(error);
        (await StagesAsync(secretId)).Should().BeEquivalentTo(stages);
        (await AllVersionIdsAsync(secretId)).Should().BeEquivalentTo(versions);
        foreach (var credentials in stillWorking)
        {
            (await CanLogInAsync(credentials)).Should().BeTrue($"'{credentials.UserName}' must still log in with its password");
        }

        return error;
    }

    public async ValueTask DisposeAsync()
    {
        await Accounts.DisposeAsync();
        http.Dispose();
    }
}
