using System.Globalization;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// Asks for rotations the way a user does, with a new <c>rotator.io/rotate-now</c> value, one at a time
/// per resource: the next value only once the operator has acted on the last one and finished (so no
/// request is coalesced into another, and every request must become exactly one rotation). API server
/// outages are waited out.
/// </summary>
internal sealed class RotationRequester(FailoverBed bed, IReadOnlyList<string> names, TimeSpan pace)
{
    private readonly Dictionary<string, int> requested = names.ToDictionary(n => n, _ => 0);
    private readonly Dictionary<string, DateTimeOffset> lastRequest = [];

    /// <summary>Requests made per resource (the value of the last one is <c>r{count}</c>).</summary>
    public IReadOnlyDictionary<string, int> Requested => requested;

    public static string Value(int request) => "r" + request.ToString(CultureInfo.InvariantCulture);

    public async Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var resource in (await bed.RotatingSecrets.ListAsync(bed.Namespace, null, ct)).Items)
                {
                    var name = resource.Metadata.Name!;
                    var done = requested[name] == 0
                        || (resource.Status?.HandledRotateNow == Value(requested[name]) && resource.Status.Rotation is null);
                    if (done && DateTimeOffset.UtcNow - lastRequest.GetValueOrDefault(name) >= pace)
                    {
                        await RequestAsync(name, requested[name] + 1, ct);
                    }
                }
            }
            catch (Exception e) when (ApiOutage.Is(e, ct))
            {
                // The API server is down or restarting: ask again once it answers.
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task RequestAsync(string name, int request, CancellationToken ct)
    {
        await bed.RequestRotationAsync(name, Value(request), ct);
        // Counted once the API server confirmed it; a patch lost with the connection is simply sent again.
        requested[name] = request;
        lastRequest[name] = DateTimeOffset.UtcNow;
    }
}
