using System.Security.Cryptography.X509Certificates;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>Where the API server is and how to prove who we are to it.</summary>
public sealed record KubernetesClientConfiguration
{
    /// <summary>API server base URL, e.g. <c>https://10.0.0.1:443</c>.</summary>
    public required Uri Server { get; init; }

    /// <summary>CAs that may sign the server's certificate; null = the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Client certificate with its private key (mutual TLS), if any.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Bearer tokens (static, from a file that rotates, or from an exec plugin), if any.</summary>
    public IBearerTokenSource? Token { get; init; }

    /// <summary>Skip server certificate verification (kubeconfig <c>insecure-skip-tls-verify</c>).</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>Overrides the name checked against the server certificate (kubeconfig <c>tls-server-name</c>).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>The namespace of the current context (or the pod's namespace in-cluster), if known.</summary>
    public string? Namespace { get; init; }

    /// <summary>Human-readable origin (kubeconfig path and context, or in-cluster) for logs and errors.</summary>
    public string Source { get; init; } = "explicit";

    // Logged configurations must not carry credentials: certificates and tokens appear as presence only.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Server = ").Append(Server)
            .Append(", Source = ").Append(Source)
            .Append(", Namespace = ").Append(Namespace)
            .Append(", CertificateAuthorities = ").Append(CertificateAuthorities?.Count ?? 0)
            .Append(", ClientCertificate = ").Append(ClientCertificate is null ? "none" : "set")
            .Append(", Token = ").Append(Token?.ToString() ?? "none")
            .Append(", InsecureSkipTlsVerify = ").Append(InsecureSkipTlsVerify)
            .Append(", TlsServerName = ").Append(TlsServerName);
        return true;
    }
}
