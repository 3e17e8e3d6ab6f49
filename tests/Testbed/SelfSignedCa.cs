using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotator.Testbed;

/// <summary>A CA that signed nothing the test bed serves: the wrong CA for TLS tests.</summary>
public static class SelfSignedCa
{
    /// <summary>
    /// Writes a fresh self-signed CA certificate (PEM) to <paramref name="path"/>. Give it the test bed CA's name
    /// (<c>CN=Rotator testbed CA</c>) and only the signature tells the two apart.
    /// </summary>
    public static string Write(string path, string subject = "CN=Rotator testbed CA")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }
}
