using System.Net;
using Microsoft.Extensions.Logging;
using Rotator.Kubernetes.Errors;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// The API server's priority and fairness sheds load with 429 and says when to come back (Retry-After,
/// or <c>retryAfterSeconds</c> in its Status). Waits as told and sends again, up to
/// <paramref name="maxRetries"/> times; after that the 429 reaches the caller as a
/// <see cref="TooManyRequestsException"/> carrying the last hint. Each resend takes its own rate-limit token.
/// </summary>
public sealed class ThrottlingHandler(int maxRetries, TimeProvider time, ILogger logger) : DelegatingHandler
{
    /// <summary>When the server gives no hint.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || retry > maxRetries)
            {
                return response;
            }

            var wait = await HintAsync(response, cancellationToken) ?? DefaultWait;
            response.Dispose();
            var (verb, resource) = KubernetesRequest.Of(request);
            logger.LogInformation("API server throttled {Verb} {Resource}; retrying in {Delay}", verb, resource, wait);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static async Task<TimeSpan?> HintAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return KubernetesErrors.RetryAfter(null, KubernetesErrors.ReadStatus(body));
    }
}
