using System.Text;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>One <c>users[]</c> entry, paths already resolved against its file's folder.</summary>
internal sealed record KubeconfigUser
{
    public required string Name { get; init; }

    public required string File { get; init; }

    public string? Token { get; init; }

    public string? TokenFile { get; init; }

    public string? ClientCertificate { get; init; }

    public string? ClientCertificateData { get; init; }

    public string? ClientKey { get; init; }

    public string? ClientKeyData { get; init; }

    public ExecCredentialPlugin? Exec { get; init; }

    public bool ExecProvideClusterInfo { get; init; }

    /// <summary>Name of a legacy <c>auth-provider</c> (gcp, azure, oidc), which is refused.</summary>
    public string? AuthProvider { get; init; }

    public bool HasBasicAuth { get; init; }

    public string Where => $"user '{Name}' in {File}";

    // Tokens and keys stay out of logs: only the name and origin are printed.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", File = ").Append(File);
        return true;
    }
}
