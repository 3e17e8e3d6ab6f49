using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>Certificates and keys from the PEM text kubeconfig files and service-account volumes hold.</summary>
internal static class PemCertificates
{
    /// <summary>Every certificate in a PEM bundle (a CA file often holds a chain).</summary>
    public static X509Certificate2Collection Authorities(string pem, string what)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new KubernetesConfigurationException($"{what} holds an invalid PEM certificate: {e.Message}", e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new KubernetesConfigurationException($"{what} holds no PEM certificate");
    }

    /// <summary>A certificate with its private key (RSA or EC, PKCS#1, SEC1 or PKCS#8), usable for TLS client authentication.</summary>
    public static X509Certificate2 ClientCertificate(string certificatePem, string keyPem, string what)
    {
        X509Certificate2 withKey;
        try
        {
            withKey = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // The messages of these exceptions describe formats, never the key's contents.
            throw new KubernetesConfigurationException(
                $"{what}: client certificate and key are not a usable pair (expected a PEM certificate and its unencrypted RSA or EC private key): {e.Message}", e);
        }

        using (withKey)
        {
            // CreateFromPem leaves the key ephemeral. OpenSSL on Linux presents it fine, but SChannel
            // (Windows) cannot sign the TLS handshake with an ephemeral key; a PKCS#12 round trip gives
            // the key a form every platform's TLS stack accepts.
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
