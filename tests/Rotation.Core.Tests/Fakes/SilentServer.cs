using System.Net;
using System.Net.Sockets;

namespace Rotator.Rotation.Tests.Fakes;

/// <summary>Accepts TCP connections and never says a word: a hung LDAP server.</summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = [];
    private readonly CancellationTokenSource stop = new();

    public SilentServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri LdapUrl => new($"ldap://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Connections accepted so far.</summary>
    public int Connections
    {
        get
        {
            lock (accepted)
            {
                return accepted.Count;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (accepted)
        {
            accepted.ForEach(s => s.Dispose());
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
