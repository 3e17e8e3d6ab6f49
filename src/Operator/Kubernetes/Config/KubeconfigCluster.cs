using System.Text;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>One <c>clusters[]</c> entry, paths already resolved against its file's folder.</summary>
internal sealed record KubeconfigCluster(
    string Name,
    string File,
    string? Server,
    string? CertificateAuthority,
    string? CertificateAuthorityData,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    string? ProxyUrl)
{
    public string Where => $"cluster '{Name}' in {File}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", File = ").Append(File).Append(", Server = ").Append(Server);
        return true;
    }
}
