using Xunit;

namespace Rotator.Testbed;

/// <summary>
/// A private API server (own etcd, apiserver, controller manager) for tests that restart, compact or
/// otherwise disturb it, so they never break tests running in parallel on the shared test bed.
/// Use as a class fixture; extra apiserver flags come from <see cref="ApiServerArguments"/>.
/// </summary>
public class DedicatedKube : IAsyncLifetime
{
    private string? directory;
    private string? error;
    private KubeServer? server;

    /// <summary>Extra kube-apiserver flags, e.g. a short <c>--min-request-timeout</c> so watches end often.</summary>
    protected virtual string ApiServerArguments => "";

    public KubeServer Kube => server ?? throw DedicatedServers.Unavailable("dedicated API server", error ?? "not started");

    /// <summary>This instance's state directory (removed on dispose); set before <see cref="ApiServerArguments"/> is read, so flags may name files in it.</summary>
    protected string StateDirectory => directory ?? throw new InvalidOperationException("not initialized");

    public async ValueTask InitializeAsync()
    {
        directory = Directory.CreateTempSubdirectory("rotator-kube.").FullName;
        try
        {
            var env = await DedicatedServers.UpAsync(directory, "kube", new Dictionary<string, string> { ["TESTBED_APISERVER_ARGS"] = ApiServerArguments });
            server = env.Kube;
            error = env.ErrorOf("kube");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            error = e.Message;
        }
    }

    /// <summary>Stops one process (<c>apiserver</c>, <c>etcd</c>, <c>controller-manager</c>).</summary>
    public Task StopAsync(string process) => DedicatedServers.StopOrStartAsync("stop", directory!, "kube", process);

    /// <summary>Starts it again with the same flags, ports and data; returns once it is ready.</summary>
    public Task StartAsync(string process) => DedicatedServers.StopOrStartAsync("start", directory!, "kube", process);

    /// <summary>Compacts etcd up to its current revision, so every older resourceVersion answers 410 Gone.</summary>
    public async Task CompactAsync()
    {
        var etcdctl = new Dictionary<string, string> { ["ETCDCTL_API"] = "3" };
        var status = await ProcessRunner.RunAsync(
            "etcdctl", ["--endpoints", Kube.EtcdEndpoint.ToString().TrimEnd('/'), "endpoint", "status", "--write-out=json"], TimeSpan.FromSeconds(30), etcdctl);
        status.EnsureSuccess("etcdctl endpoint status");
        var revision = System.Text.Json.JsonDocument.Parse(status.StandardOutput).RootElement[0].GetProperty("Status").GetProperty("header").GetProperty("revision").GetInt64();
        var compact = await ProcessRunner.RunAsync(
            "etcdctl", ["--endpoints", Kube.EtcdEndpoint.ToString().TrimEnd('/'), "compact", revision.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(30), etcdctl);
        compact.EnsureSuccess("etcdctl compact");
    }

    public async ValueTask DisposeAsync()
    {
        if (directory is not null)
        {
            await DedicatedServers.DownAsync(directory, "kube");
        }

        GC.SuppressFinalize(this);
    }
}
