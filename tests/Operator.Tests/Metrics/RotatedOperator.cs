using Rotator.Api;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// The operator in process (<see cref="OperatorHarness"/>) with one scheduled RandomValue RotatingSecret
/// that rotated on create: its scrape holds the per-resource gauges, the rotation and AWS histograms,
/// the reconcile and queue families and the process basics, as a real installation's does.
/// </summary>
internal static class RotatedOperator
{
    public const string Resource = "api";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    public static async Task<OperatorHarness> StartAsync(TestbedFixture testbed, string prefix, CancellationToken ct)
    {
        var h = await OperatorHarness.CreateAsync(testbed, prefix, ct);
        try
        {
            var secretId = await h.CreateAwsSecretAsync(Resource, """{"apiKey":"initial-key-0123456789"}""", ct);
            await h.StartAsync(ct);
            await h.CreateAsync(Resource, new RotatingSecretSpec
            {
                SecretId = secretId,
                Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "rate(30 days)", RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } },
                RefreshInterval = "10s",
            }, ct);
            await h.WaitAsync(Resource, r => OperatorHarness.IsReady(r) && r.Status?.LastRotationTime is not null, Within, "rotated and mirrored", ct);
            return h;
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }
    }

    /// <summary>What <c>GET /metrics</c> answers, byte for byte (the harness's own GET trims it).</summary>
    public static Task<string> ScrapeAsync(OperatorHarness h, CancellationToken ct) =>
        h.Operator.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct);
}
