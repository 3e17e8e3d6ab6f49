using System.Net;
using System.Net.Sockets;

namespace Rotator.Testbed;

/// <summary>
/// A TCP proxy in front of a real server (TLS passes through untouched) that a test can cut:
/// <see cref="Pause"/> drops every open connection and refuses new ones until <see cref="Resume"/>;
/// <see cref="DropConnections"/> only kills what is open. Used to force watch reconnects.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> open = [];
    private readonly Task acceptLoop;
    private volatile bool paused;
    private long accepted;

    public FaultProxy(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        target = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Url = new UriBuilder(upstream) { Port = ((IPEndPoint)listener.LocalEndpoint).Port }.Uri;
        acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>Same scheme and host as the upstream, the proxy's port.</summary>
    public Uri Url { get; }

    /// <summary>Connections accepted so far (each reconnect counts).</summary>
    public long Accepted => Interlocked.Read(ref accepted);

    public void Pause()
    {
        paused = true;
        DropConnections();
    }

    public void Resume() => paused = false;

    public void DropConnections()
    {
        lock (open)
        {
            foreach (var (client, upstream) in open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                upstream.Dispose();
            }

            open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        DropConnections();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (paused)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            Interlocked.Increment(ref accepted);
            _ = Task.Run(() => PipeAsync(client));
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(target, stopping.Token);
            lock (open)
            {
                open.Add((client, upstream));
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), done.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), done.Token);
            await Task.WhenAny(a, b);
            await done.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // A dropped connection is the point of this class.
        }
        finally
        {
            lock (open)
            {
                open.Remove((client, upstream));
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}
