using System.Globalization;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// Tells the observer of every attempt that leaves the process: verb, resource and the answer's status
/// code, or <see cref="KubernetesRequestCodes"/> when none came (its own deadline, a caller that gave
/// up, a connection that failed). A watch counts once, when its response headers arrive.
/// </summary>
public sealed class RequestMetricsHandler(IKubernetesRequestObserver observer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (verb, resource) = KubernetesRequest.Of(request);
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            observer.OnRequest(verb, resource, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (TimeoutException)
        {
            observer.OnRequest(verb, resource, KubernetesRequestCodes.Timeout);
            throw;
        }
        catch (OperationCanceledException)
        {
            observer.OnRequest(verb, resource, KubernetesRequestCodes.Cancelled);
            throw;
        }
        catch (HttpRequestException)
        {
            observer.OnRequest(verb, resource, KubernetesRequestCodes.Error);
            throw;
        }
    }
}
