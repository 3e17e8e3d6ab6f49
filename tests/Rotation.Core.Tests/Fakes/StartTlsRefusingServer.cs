using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;

namespace Rotator.Rotation.Tests.Fakes;

/// <summary>
/// An LDAP server without a certificate: it answers every request, StartTLS included, with <c>unavailable</c> (52),
/// as slapd does when it has no TLS configured.
/// </summary>
public sealed class StartTlsRefusingServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();

    public StartTlsRefusingServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri LdapUrl => new($"ldap://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = AnswerAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = await stream.ReadAsync(buffer, stop.Token);
                var request = new AsnReader(buffer.AsMemory(0, read), AsnEncodingRules.BER).ReadSequence();
                var id = request.ReadInteger();
                var writer = new AsnWriter(AsnEncodingRules.BER);
                using (writer.PushSequence())
                {
                    writer.WriteInteger(id);
                    using (writer.PushSequence(new Asn1Tag(TagClass.Application, 24, isConstructed: true)))
                    {
                        writer.WriteEnumeratedValue(System.DirectoryServices.Protocols.ResultCode.Unavailable);
                        writer.WriteOctetString([]);
                        writer.WriteOctetString([]);
                    }
                }

                await stream.WriteAsync(writer.Encode(), stop.Token);

                // Hold the connection until the client closes it.
                while (await stream.ReadAsync(buffer, stop.Token) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or AsnContentException or ObjectDisposedException)
            {
                // The client went away or sent something else.
            }
        }
    }
}
