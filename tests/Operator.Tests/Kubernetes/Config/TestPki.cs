using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// A throwaway CA that issues server and client certificates. EC keys where the key type does not
/// matter: RSA key generation takes seconds on a loaded CI machine.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki()
    {
        var request = new CertificateRequest("CN=rotator-test-ca", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public X509Certificate2 Ca { get; }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>A serving certificate for <paramref name="dnsName"/> (only that name: no IP).</summary>
    public X509Certificate2 Server(string dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = Issue(request);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A client certificate for <paramref name="user"/> and its key in the PEM form named by <paramref name="keyFormat"/>.</summary>
    public (string CertificatePem, string KeyPem, string Thumbprint) Client(string user, string keyFormat)
    {
        using AsymmetricAlgorithm key = keyFormat.StartsWith("rsa", StringComparison.Ordinal) ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest($"CN={user}, O=system:masters", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={user}, O=system:masters", (ECDsa)key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = Issue(request);
        var keyPem = keyFormat switch
        {
            "rsa-pkcs1" => ((RSA)key).ExportRSAPrivateKeyPem(),
            "ec-sec1" => ((ECDsa)key).ExportECPrivateKeyPem(),
            _ => key.ExportPkcs8PrivateKeyPem(),
        };
        return (certificate.ExportCertificatePem(), keyPem, certificate.Thumbprint);
    }

    public void Dispose()
    {
        Ca.Dispose();
        caKey.Dispose();
    }

    private X509Certificate2 Issue(CertificateRequest request)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // The generator overload lets the EC CA sign an RSA key's certificate.
        return request.Create(
            Ca.SubjectName,
            X509SignatureGenerator.CreateForECDsa(caKey),
            DateTimeOffset.UtcNow.AddDays(-1),
            DateTimeOffset.UtcNow.AddDays(7),
            RandomNumberGenerator.GetBytes(8));
    }
}
