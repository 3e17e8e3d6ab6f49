namespace Rotator.Kubernetes.Http;

/// <summary>Observes nothing: the default until a metrics exporter is wired in.</summary>
public sealed class NullKubernetesRequestObserver : IKubernetesRequestObserver
{
    public static NullKubernetesRequestObserver Instance { get; } = new();

    public void OnRequest(string verb, string resource, string code)
    {
    }
}
