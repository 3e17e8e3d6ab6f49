using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// An HTTPS server on loopback that demands a client certificate and answers every request with an
/// empty NamespaceList: enough to prove a kubeconfig's client certificate works in a real TLS handshake.
/// </summary>
internal sealed class LoopbackTlsServer : IAsyncDisposable
{
    private const string Body = """{"apiVersion":"v1","kind":"NamespaceList","metadata":{"resourceVersion":"1"},"items":[]}""";

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LoopbackTlsServer(X509Certificate2 certificate)
    {
        this.certificate = certificate;
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public Uri Url => new($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Thumbprints of the client certificates presented, in order.</summary>
    public List<string> ClientThumbprints { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var socket = await listener.AcceptTcpClientAsync(stop.Token);
            try
            {
                await ServeAsync(socket);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // A client that hangs up early fails its own assertions; the server keeps serving.
            }
        }
    }

    private async Task ServeAsync(TcpClient socket)
    {
        await using var tls = new SslStream(socket.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ClientCertificateRequired = true,

            // Any certificate will do: the test compares the one presented with the one configured.
            RemoteCertificateValidationCallback = (_, client, _, _) => client is not null,
        }, stop.Token);
        lock (ClientThumbprints)
        {
            ClientThumbprints.Add(tls.RemoteCertificate is { } client ? client.GetCertHashString() : "(none)");
        }

        using var reader = new StreamReader(tls, Encoding.ASCII, leaveOpen: true);
        while (await reader.ReadLineAsync(stop.Token) is { Length: > 0 })
        {
            // Headers only: the client sends GETs.
        }

        var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(response), stop.Token);
        await tls.FlushAsync(stop.Token);
    }
}
