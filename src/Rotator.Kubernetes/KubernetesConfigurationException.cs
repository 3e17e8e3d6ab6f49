namespace Rotator.Kubernetes;

/// <summary>
/// The kubeconfig or in-cluster configuration is missing, unreadable or invalid. The message names the
/// file and the field at fault, never a token, key or certificate.
/// </summary>
public sealed class KubernetesConfigurationException : Exception
{
    public KubernetesConfigurationException()
    {
    }

    public KubernetesConfigurationException(string message)
        : base(message)
    {
    }

    public KubernetesConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
