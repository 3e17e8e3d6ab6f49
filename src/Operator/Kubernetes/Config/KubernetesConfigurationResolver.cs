namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// The one place that decides where the operator's API server configuration comes from: an explicit
/// <c>--kubeconfig</c>/<c>--context</c>, else the pod's service account, else <c>KUBECONFIG</c> or
/// <c>~/.kube/config</c> (a developer running the operator on a laptop).
/// </summary>
public sealed class KubernetesConfigurationResolver
{
    private readonly KubeconfigLoader kubeconfig;
    private readonly InClusterConfigLoader inCluster;

    public KubernetesConfigurationResolver(TimeProvider time)
        : this(new KubeconfigLoader(time), new InClusterConfigLoader(time))
    {
    }

    public KubernetesConfigurationResolver(KubeconfigLoader kubeconfig, InClusterConfigLoader inCluster)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        ArgumentNullException.ThrowIfNull(inCluster);
        this.kubeconfig = kubeconfig;
        this.inCluster = inCluster;
    }

    /// <param name="kubeconfigPath">The <c>--kubeconfig</c> option, if given.</param>
    /// <param name="context">The <c>--context</c> option, if given.</param>
    public KubernetesClientConfiguration Resolve(string? kubeconfigPath = null, string? context = null)
    {
        // Asking for a kubeconfig or a context is asking not to use the pod's identity.
        if (!string.IsNullOrEmpty(kubeconfigPath) || !string.IsNullOrEmpty(context))
        {
            return kubeconfig.Load(kubeconfigPath, context);
        }

        if (inCluster.IsAvailable())
        {
            return inCluster.Load();
        }

        var paths = kubeconfig.DefaultPaths();
        if (!paths.Any(File.Exists))
        {
            throw new KubernetesConfigurationException(
                $"no Kubernetes configuration: not in a cluster (KUBERNETES_SERVICE_HOST unset or no token in {inCluster.ServiceAccountDirectory}) " +
                $"and no kubeconfig at {string.Join(", ", paths)}; set KUBECONFIG or name a kubeconfig file");
        }

        return kubeconfig.Load();
    }
}
