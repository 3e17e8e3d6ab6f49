using System.Net;
using System.Net.Sockets;

namespace Rotator.Rotation.Tests.Fakes;

/// <summary>
/// An address whose SYNs go unanswered, like a firewalled domain controller: a listening socket that never accepts,
/// with its accept queue filled, so Linux drops further connection attempts instead of completing or refusing them.
/// </summary>
public sealed class BlackHoleServer : IDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> fillers = [];

    public BlackHoleServer()
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        for (var i = 0; i < 3; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _ = filler.ConnectAsync(IPAddress.Loopback, Port).ContinueWith(_ => { }, TaskScheduler.Default);
            fillers.Add(filler);
        }
    }

    public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

    public Uri LdapUrl => new($"ldap://127.0.0.1:{Port}");

    /// <summary>True once a fresh connection attempt hangs (the queue is full); false if the kernel does not behave so.</summary>
    public async Task<bool> IsDroppingAsync()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        fillers.ForEach(s => s.Dispose());
        listener.Dispose();
    }
}
