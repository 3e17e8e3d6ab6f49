using k8s;
using k8s.Autorest;
using k8s.Models;
using Rotator.Kubernetes.Errors;

namespace Rotator.Kubernetes;

/// <summary>
/// One connection to one API server: the library's client, with this process's handlers (rate limit,
/// 429 backoff, deadlines, request metrics) already in it, and the field manager its writes carry.
/// <see cref="For{T}"/> hands out typed calls. Made by <see cref="KubernetesApiFactory"/>.
/// </summary>
public sealed class KubernetesApi(IKubernetes client, string source, KubernetesApiOptions options) : IDisposable
{
    /// <summary>The library's client, for calls <see cref="ResourceApi{T}"/> does not cover.</summary>
    public IKubernetes Client => client;

    /// <summary>Where the configuration came from (kubeconfig path and context, or in-cluster), for logs.</summary>
    public string Source => source;

    public Uri Server => client.BaseUri;

    public KubernetesApiOptions Options => options;

    public ResourceApi<T> For<T>(ResourceType<T> type)
        where T : class, IKubernetesObject<V1ObjectMeta> => new(client, type, options.FieldManager);

    /// <summary>
    /// <c>GET /version</c>: the cheapest call that proves the server is reachable, its certificate is
    /// trusted and our credentials are accepted (a rejected token answers 401 even here).
    /// </summary>
    public async Task<VersionInfo> GetVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.Version.GetCodeWithHttpMessagesAsync(cancellationToken: cancellationToken);
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "get", "version");
        }
    }

    public void Dispose() => client.Dispose();
}
