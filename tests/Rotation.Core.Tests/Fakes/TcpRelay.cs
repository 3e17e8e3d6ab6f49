using System.Net;
using System.Net.Sockets;

namespace Rotator.Rotation.Tests.Fakes;

/// <summary>
/// Forwards TCP connections from an address of its own to a server, and keeps every byte the clients sent: a server
/// reached under another name (its certificate does not name this address), and a wire tap (what travels in clear).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Uri target;
    private readonly CancellationTokenSource stop = new();
    private readonly MemoryStream sent = new();
    private readonly List<Task> pumps = [];
    private readonly Task accepting;

    /// <param name="target">The server; its scheme and host are kept in <see cref="Url"/> only when <paramref name="listen"/> is loopback.</param>
    /// <param name="listen">Where to listen, e.g. 127.0.0.2 (Linux routes all of 127/8 to the loopback device).</param>
    public TcpRelay(Uri target, IPAddress listen)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(listen);
        this.target = target;
        listener = new TcpListener(listen, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Url = new UriBuilder(target) { Host = listen.ToString(), Port = port }.Uri;
        accepting = AcceptAsync();
    }

    /// <summary>The target's URL with the relay's address and port.</summary>
    public Uri Url { get; }

    /// <summary>Everything clients sent so far, across connections.</summary>
    public byte[] ClientBytes
    {
        get
        {
            lock (sent)
            {
                return sent.ToArray();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        Task[] running;
        lock (pumps)
        {
            running = [.. pumps];
        }

        await Task.WhenAll(running);
        stop.Dispose();
        sent.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (pumps)
                {
                    pumps.Add(RelayAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(target.Host, target.Port, stop.Token);
                var toServer = PumpAsync(client.GetStream(), upstream.GetStream(), record: true);
                var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), record: false);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
            {
                // Either side went away.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
            {
                if (record)
                {
                    lock (sent)
                    {
                        sent.Write(buffer, 0, read);
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }
}
