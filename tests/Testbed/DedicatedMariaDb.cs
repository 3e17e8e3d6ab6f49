using Xunit;

namespace Rotator.Testbed;

/// <summary>
/// A private MariaDB (own data directory and port) for tests that stop and restart it, so they never
/// break tests running in parallel against the shared test bed's. Use as a class fixture.
/// </summary>
public sealed class DedicatedMariaDb : IAsyncLifetime
{
    private string? directory;
    private string? error;
    private MySqlServer? server;

    public MySqlServer Server => server ?? throw DedicatedServers.Unavailable("dedicated MariaDB", error ?? "not started");

    public async ValueTask InitializeAsync()
    {
        directory = Directory.CreateTempSubdirectory("rotator-mariadb.").FullName;
        try
        {
            var env = await DedicatedServers.UpAsync(directory, "mariadb");
            server = env.MariaDb;
            error = env.ErrorOf("mariadb");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            error = e.Message;
        }
    }

    /// <summary>Stops the server (SIGTERM, as an orderly shutdown would); data and port are kept.</summary>
    public Task StopAsync() => DedicatedServers.StopOrStartAsync("stop", directory!, "mariadb");

    /// <summary>Starts it again on the same port with the same data; returns once it accepts connections.</summary>
    public Task StartAsync() => DedicatedServers.StopOrStartAsync("start", directory!, "mariadb");

    public async ValueTask DisposeAsync()
    {
        if (directory is not null)
        {
            await DedicatedServers.DownAsync(directory, "mariadb");
        }
    }
}
