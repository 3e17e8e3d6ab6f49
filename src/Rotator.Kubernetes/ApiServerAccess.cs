using Rotator.Kubernetes.Exec;

namespace Rotator.Kubernetes;

/// <summary>Where the API server is and how to prove who we are to it, as the library takes it.</summary>
/// <param name="Configuration">The library's configuration, ready for a client.</param>
/// <param name="Exec">Our exec-plugin token provider when the kubeconfig user has an <c>exec</c> section (it is also the configuration's token provider).</param>
/// <param name="Source">Where it came from (kubeconfig files and context, or in-cluster), for logs and errors.</param>
public sealed record ApiServerAccess(k8s.KubernetesClientConfiguration Configuration, ExecCredentialTokenProvider? Exec, string Source)
{
    // Logged records must not carry credentials: the configuration holds tokens and keys.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Server = ").Append(Configuration.Host).Append(", Source = ").Append(Source)
            .Append(", Exec = ").Append(Exec?.ToString() ?? "none");
        return true;
    }
}
