using Xunit;

namespace Rotator.Testbed;

/// <summary>
/// A private PostgreSQL (own cluster and port) for tests that stop and restart it, so they never break tests running in
/// parallel against the shared test bed's. Use as a class fixture.
/// </summary>
public sealed class DedicatedPostgreSql : IAsyncLifetime
{
    private string? directory;
    private string? error;
    private PostgreSqlServer? server;

    public PostgreSqlServer Server => server ?? throw DedicatedServers.Unavailable("dedicated PostgreSQL", error ?? "not started");

    public async ValueTask InitializeAsync()
    {
        directory = Directory.CreateTempSubdirectory("rotator-pg.").FullName;
        try
        {
            var env = await DedicatedServers.UpAsync(directory, "postgres");
            server = env.PostgreSql;
            error = env.ErrorOf("postgres");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            error = e.Message;
        }
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended); data and port are kept.</summary>
    public Task StopAsync() => DedicatedServers.StopOrStartAsync("stop", directory!, "postgres");

    /// <summary>Starts it again on the same port with the same data; returns once it accepts connections.</summary>
    public Task StartAsync() => DedicatedServers.StopOrStartAsync("start", directory!, "postgres");

    public async ValueTask DisposeAsync()
    {
        if (directory is not null)
        {
            await DedicatedServers.DownAsync(directory, "postgres");
        }
    }
}
