namespace Rotator.Kubernetes.Http;

/// <summary>
/// Sees every HTTP request the Kubernetes client sends (each attempt, retries included), for
/// metrics. Implementations must be cheap, thread-safe and must not throw: they run inline on the request path.
/// </summary>
public interface IKubernetesRequestObserver
{
    /// <summary>One attempt got its answer (or none).</summary>
    /// <param name="verb">The Kubernetes verb: <c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c> or <c>delete</c>.</param>
    /// <param name="resource">The plural resource, with its subresource after a slash (<c>rotatingsecrets/status</c>); <c>version</c> for <c>GET /version</c>.</param>
    /// <param name="code">The HTTP status code as text, or one of <see cref="KubernetesRequestCodes"/> when no response came.</param>
    void OnRequest(string verb, string resource, string code);
}
