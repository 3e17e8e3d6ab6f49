using Rotator.Testbed.Prometheus;
using Xunit;

namespace Rotator.Testbed;

/// <summary>
/// One test bed per test run. <c>hack/test.sh</c> starts it once for every test assembly and passes
/// <c>ROTATOR_TESTBED_ENV</c>; run from an IDE, the fixture starts its own and tears it down after.
/// </summary>
/// <remarks>
/// With <c>CI=true</c> a missing server fails the test that needs it, with the reason the test bed
/// recorded; elsewhere the test is skipped with that reason, so a laptop without MySQL still runs the rest.
/// </remarks>
public sealed class TestbedFixture : IAsyncLifetime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(5);

    private string? ownedDirectory;
    private TestbedEnvironment? environment;
    private string? startError;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public KubeServer Kube => Require(environment?.Kube, "kube");

    public MySqlServer MariaDb => Require(environment?.MariaDb, "mariadb");

    public MySqlServer MySql => Require(environment?.MySqlServer, "mysql");

    public PostgreSqlServer PostgreSql => Require(environment?.PostgreSql, "postgres");

    public MotoServer Moto => Require(environment?.Moto, "moto");

    public LdapServer Ldap => Require(environment?.Ldap, "slapd");

    public PrometheusTools Prometheus => Require(environment?.Prometheus, "prometheus");

    public async ValueTask InitializeAsync()
    {
        var file = Environment.GetEnvironmentVariable("ROTATOR_TESTBED_ENV");
        if (!string.IsNullOrEmpty(file))
        {
            environment = File.Exists(file) ? TestbedEnvironment.Load(file) : null;
            startError = environment is null ? $"ROTATOR_TESTBED_ENV={file} does not exist" : null;
            return;
        }

        try
        {
            var script = Path.Combine(RepositoryRoot.Path, "hack", "testbed.sh");
            var install = await ProcessRunner.RunAsync("bash", [script, "install"], InstallTimeout);
            ownedDirectory = Directory.CreateTempSubdirectory("rotator-testbed.").FullName;
            var up = await ProcessRunner.RunAsync("bash", [script, "up", ownedDirectory], UpTimeout);
            up.EnsureSuccess("hack/testbed.sh up");
            environment = TestbedEnvironment.Load(Path.Combine(ownedDirectory, "testbed.env"));
            if (install.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"testbed install reported errors: {install.StandardError}");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            startError = e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ownedDirectory is not null)
        {
            var script = Path.Combine(RepositoryRoot.Path, "hack", "testbed.sh");
            await ProcessRunner.RunAsync("bash", [script, "down", ownedDirectory], TimeSpan.FromMinutes(1));
        }
    }

    private T Require<T>(T? server, string component)
        where T : class
    {
        if (server is not null)
        {
            return server;
        }

        var reason = environment?.ErrorOf(component) ?? startError ?? $"{component} is not available";
        throw Unavailable(component, reason);
    }

    private static InvalidOperationException Unavailable(string component, string reason)
    {
        var message = $"test bed server '{component}' is not available: {reason}";
        if (!IsCi)
        {
            Assert.Skip(message);
        }

        return new InvalidOperationException(message);
    }
}
