using System.Collections.Concurrent;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>
/// Sits in front of the real server: records every request, and lets a test answer some of them
/// itself (return a response) or pass them on (return null).
/// </summary>
internal sealed class InterceptingHandler(Func<RecordedRequest, HttpResponseMessage?> intercept) : DelegatingHandler(new HttpClientHandler())
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public InterceptingHandler()
        : this(_ => null)
    {
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : null;
        // Read raw: the typed Authorization getter does not parse AWS's SigV4 header.
        var authorization = request.Headers.TryGetValues("Authorization", out var auth) ? auth.First() : "";
        var recorded = new RecordedRequest(requests.Count + 1, target, body, authorization);
        requests.Enqueue(recorded);
        return intercept(recorded) ?? await base.SendAsync(request, cancellationToken);
    }
}
