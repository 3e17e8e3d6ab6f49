namespace Rotator.Kubernetes.Exec;

/// <summary>
/// The cluster an exec plugin authenticates to, passed in <c>KUBERNETES_EXEC_INFO</c> when the
/// kubeconfig says <c>provideClusterInfo: true</c>.
/// </summary>
public sealed record ExecClusterInfo
{
    public required Uri Server { get; init; }

    public string? TlsServerName { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>PEM bytes of the cluster's CA bundle, if the kubeconfig names one.</summary>
    public ReadOnlyMemory<byte> CertificateAuthorityData { get; init; }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Server = ").Append(Server).Append(", TlsServerName = ").Append(TlsServerName)
            .Append(", InsecureSkipTlsVerify = ").Append(InsecureSkipTlsVerify);
        return true;
    }
}
