namespace Rotator.Kubernetes.Http;

/// <summary>The codes an <see cref="IKubernetesRequestObserver"/> receives for an attempt that got no HTTP response.</summary>
public static class KubernetesRequestCodes
{
    /// <summary>The request's own deadline (<see cref="KubernetesApiOptions.RequestTimeout"/>) passed first.</summary>
    public const string Timeout = "timeout";

    /// <summary>The caller gave up (shutdown, lost leadership) before the answer came.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>No answer for another reason: connection refused or reset, TLS failure, DNS.</summary>
    public const string Error = "error";
}
