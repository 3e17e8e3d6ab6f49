using System.Formats.Asn1;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Rotator.Rotation.Ldap;

/// <summary>
/// Says why TLS to an LDAP server failed, after libldap refused it: libldap reports an untrusted certificate, a name
/// that does not match and a server that speaks no TLS alike (LDAP 81 or 91, no text). The probe repeats the handshake
/// with .NET's TLS and the same trust, and describes what it found. It sends no credential, only StartTLS where asked.
/// </summary>
internal static class LdapTlsProbe
{
    private const string StartTlsOid = "1.3.6.1.4.1.1466.20037";
    private const int ExtendedRequestTag = 23;
    private const int ExtendedResponseTag = 24;

    /// <summary>Why TLS with <paramref name="host"/>:<paramref name="port"/> fails; never throws for what the server does.</summary>
    /// <param name="host">The host of the URL, as the certificate must name it.</param>
    /// <param name="port">The port.</param>
    /// <param name="startTls">Ask for StartTLS on a plain connection first (otherwise: LDAPS).</param>
    /// <param name="ca">The CAs the certificate must chain to; the system's trusted CAs when null.</param>
    /// <param name="timeout">For the connect and each exchange.</param>
    /// <param name="cancellationToken">Stops the probe.</param>
    public static async Task<string> DiagnoseAsync(string host, int port, bool startTls, LdapCaBundle? ca, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout * 3);
        var findings = new List<string>();
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, deadline.Token);
            var stream = client.GetStream();
            if (startTls && await StartTlsAsync(stream, deadline.Token) is { } refused)
            {
                return refused;
            }

            await using var tls = new SslStream(stream, leaveInnerStreamOpen: true, (_, certificate, chain, errors) =>
            {
                findings.AddRange(Describe(host, certificate as X509Certificate2, chain, errors, ca));
                return findings.Count == 0;
            });
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = host, CertificateRevocationCheckMode = X509RevocationMode.NoCheck },
                deadline.Token);
            return "libldap refused the TLS session, though the certificate chains to the trusted CAs and names the host";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "the TLS handshake did not finish in time";
        }
        catch (AuthenticationException) when (findings.Count > 0)
        {
            return string.Join("; ", findings);
        }
        catch (AuthenticationException)
        {
            return startTls ? "the TLS handshake after StartTLS failed" : "no TLS handshake (is this an ldaps:// port?)";
        }
        catch (Exception e) when (e is IOException or SocketException or AsnContentException)
        {
            return startTls
                ? $"the server closed or garbled the StartTLS exchange ({e.GetType().Name})"
                : $"no TLS handshake: the connection failed ({e.GetType().Name}; is this an ldaps:// port?)";
        }
    }

    /// <summary>Sends StartTLS; null when the server agreed, otherwise why not.</summary>
    private static async Task<string?> StartTlsAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence(new Asn1Tag(TagClass.Application, ExtendedRequestTag, isConstructed: true)))
            {
                writer.WriteOctetString(System.Text.Encoding.ASCII.GetBytes(StartTlsOid), new Asn1Tag(TagClass.ContextSpecific, 0));
            }
        }

        await stream.WriteAsync(writer.Encode(), cancellationToken);
        var message = await ReadMessageAsync(stream, cancellationToken);
        var envelope = new AsnReader(message, AsnEncodingRules.BER).ReadSequence();
        _ = envelope.ReadInteger();
        var response = envelope.ReadSequence(new Asn1Tag(TagClass.Application, ExtendedResponseTag, isConstructed: true));
        var result = response.ReadEnumeratedBytes().Span;
        var code = result.Length == 1 ? result[0] : -1;
        return code == 0 ? null : $"the server refused StartTLS (LDAP result {code}; it may have no certificate)";
    }

    /// <summary>One BER-encoded LDAPMessage (definite length, as RFC 4511 requires).</summary>
    private static async Task<byte[]> ReadMessageAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        await stream.ReadExactlyAsync(head, cancellationToken);
        var lengthBytes = head[1] < 0x80 ? 0 : head[1] & 0x7f;
        if (lengthBytes > 3)
        {
            throw new IOException("an LDAP message longer than 16 MB");
        }

        var extra = new byte[lengthBytes];
        await stream.ReadExactlyAsync(extra, cancellationToken);
        var length = lengthBytes == 0 ? head[1] : extra.Aggregate(0, (total, b) => (total << 8) | b);
        var message = new byte[2 + lengthBytes + length];
        head.CopyTo(message, 0);
        extra.CopyTo(message, 2);
        await stream.ReadExactlyAsync(message.AsMemory(2 + lengthBytes), cancellationToken);
        return message;
    }

    private static IEnumerable<string> Describe(string host, X509Certificate2? certificate, X509Chain? presented, SslPolicyErrors errors, LdapCaBundle? ca)
    {
        if (certificate is null)
        {
            yield return "the server presented no certificate";
            yield break;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            yield return $"the server's certificate does not name {host} (it names {Names(certificate)})";
        }

        var trust = ca is null ? "the system's trusted CAs" : $"the CA in {ca.File}";
        var problems = ca is null
            ? errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? Statuses(presented) ?? "not trusted" : null
            : ChainProblems(certificate, presented, ca);
        if (problems is not null)
        {
            yield return $"the server's certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to {trust} ({problems})";
        }
    }

    private static string? ChainProblems(X509Certificate2 certificate, X509Chain? presented, LdapCaBundle ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var intermediate in presented?.ChainElements.Select(e => e.Certificate) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(intermediate);
        }

        return chain.Build(certificate) ? null : Statuses(chain) ?? "not trusted";
    }

    private static string? Statuses(X509Chain? chain)
    {
        var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList();
        return statuses is { Count: > 0 } ? string.Join(", ", statuses) : null;
    }

    private static string Names(X509Certificate2 certificate)
    {
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = alternative is null
            ? []
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(ip => ip.ToString())).ToList();
        return names.Count > 0 ? string.Join(", ", names) : $"no subject alternative name; subject {certificate.Subject}";
    }
}
