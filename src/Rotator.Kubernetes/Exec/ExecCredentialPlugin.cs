using System.Text;

namespace Rotator.Kubernetes.Exec;

/// <summary>An exec credential plugin as a kubeconfig user's <c>exec</c> section describes it.</summary>
public sealed record ExecCredentialPlugin
{
    public const string V1 = "client.authentication.k8s.io/v1";

    public const string V1Beta1 = "client.authentication.k8s.io/v1beta1";

    /// <summary>Program to run: a name looked up on PATH, or an absolute path.</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Added to the operator's own environment for the plugin's process.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary><see cref="V1"/> or <see cref="V1Beta1"/>; the plugin must answer in the same version.</summary>
    public string ApiVersion { get; init; } = V1;

    /// <summary>Shown when the command cannot be started (e.g. how to install the AWS CLI).</summary>
    public string? InstallHint { get; init; }

    /// <summary>Sent to the plugin in <c>KUBERNETES_EXEC_INFO</c> when set (<c>provideClusterInfo: true</c>).</summary>
    public ExecClusterInfo? Cluster { get; init; }

    /// <summary>Where the plugin was configured, e.g. "user 'eks' in /root/.kube/config", for error messages.</summary>
    public string Origin { get; init; } = "";

    // Arguments and environment values may carry secrets (a role session token, an API key).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Command = ").Append(Command).Append(", ApiVersion = ").Append(ApiVersion)
            .Append(", Origin = ").Append(Origin);
        return true;
    }
}
