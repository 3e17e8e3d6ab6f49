using System.Globalization;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// The deadline of one attempt, headers and body: a hung API server costs a <see cref="TimeoutException"/>
/// that names the call, not a worker stuck for good. It starts after the rate limit's wait, so a long queue
/// is not mistaken for a slow server, and spares watches, which stream for minutes (the informer's watchdog
/// guards those). The body is read here, inside the deadline, before the library parses it.
/// </summary>
public sealed class RequestDeadlineHandler(TimeSpan timeout, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = KubernetesRequest.Of(request);
        if (call.Verb == "watch")
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token);
            await response.Content.LoadIntoBufferAsync(linked.Token);
            return response;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"{call.Verb} {call.Resource}: no answer from {request.RequestUri?.GetLeftPart(UriPartial.Authority)} within {timeout.TotalSeconds} s"));
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
