using System.Threading.RateLimiting;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// client-go's client-side limit: a token bucket of <c>burst</c> tokens refilled at <c>qps</c>. Every
/// attempt takes a token (retries and watches too), and callers queue in arrival order rather than
/// fail: an operator that out-runs its limit should slow down, not drop work.
/// </summary>
public sealed class RateLimitHandler : DelegatingHandler
{
    private readonly TokenBucketRateLimiter limiter;

    public RateLimitHandler(double qps, int burst)
    {
        // Tokens arrive in batches of a tenth of the rate: a timer per single token would fire 200 times a second at QPS 200.
        var batch = Math.Max(1, (int)Math.Ceiling(qps / 10));
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = batch,
            ReplenishmentPeriod = TimeSpan.FromSeconds(batch / Math.Max(qps, 0.001)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (await limiter.AcquireAsync(1, cancellationToken))
        {
            // The queue is unbounded, so a lease is always granted unless the wait is cancelled.
        }

        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
