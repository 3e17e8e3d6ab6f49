using Xunit;

namespace Rotator.Testbed;

/// <summary>
/// A private test bed server (own data directory and port) for tests that stop and restart it, so they never break tests
/// running in parallel against the shared one. Subclasses name the component; use them as class fixtures.
/// </summary>
/// <typeparam name="T">The server's endpoint record.</typeparam>
public abstract class DedicatedServer<T> : IAsyncLifetime
    where T : class
{
    private readonly string component;
    private readonly string description;
    private string? directory;
    private string? error;
    private T? server;

    /// <param name="component">The test bed component, e.g. <c>postgres</c>.</param>
    /// <param name="description">For the message when it is missing, e.g. <c>dedicated PostgreSQL</c>.</param>
    protected DedicatedServer(string component, string description)
    {
        this.component = component;
        this.description = description;
    }

    public T Server => server ?? throw DedicatedServers.Unavailable(description, error ?? "not started");

    public async ValueTask InitializeAsync()
    {
        directory = Directory.CreateTempSubdirectory($"rotator-{component}.").FullName;
        try
        {
            var env = await DedicatedServers.UpAsync(directory, component);
            server = Select(env);
            error = env.ErrorOf(component);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            error = e.Message;
        }
    }

    /// <summary>Stops the server; data and port are kept.</summary>
    public Task StopAsync() => DedicatedServers.StopOrStartAsync("stop", directory!, component);

    /// <summary>Starts it again on the same port with the same data; returns once it accepts connections.</summary>
    public Task StartAsync() => DedicatedServers.StopOrStartAsync("start", directory!, component);

    public async ValueTask DisposeAsync()
    {
        if (directory is not null)
        {
            await DedicatedServers.DownAsync(directory, component);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The server's endpoints from the test bed's environment; null when it did not start.</summary>
    protected abstract T? Select(TestbedEnvironment environment);
}
