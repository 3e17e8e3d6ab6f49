using System.Text;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Tests.Metrics;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// What steady state costs in AWS calls: drift is detected from ListSecrets pages shared by every
/// resource instead of one DescribeSecret per resource per refresh, and values are read only when
/// AWSCURRENT moves, across operator restarts too. The secrets live in a region of their own, so what
/// other tests leave in moto does not count against the listing's page budget.
/// </summary>
public sealed class DriftDetectionTests(TestbedFixture testbed) : IDisposable
{
    private const string Region = "ap-northeast-3";
    private const int Resources = 12;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    private readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Steady_state_lists_instead_of_describing_still_catches_changes_and_reads_no_value_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-drift", ct);
        var aws = new SecretsManagerClient(
            new AwsJsonClient(http, new StaticAwsCredentialSource(OperatorHarness.Credentials), new AwsClientOptions { WritesPerSecond = 1000, WriteBurst = 1000 }),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = Region, EndpointUrl = testbed.Moto.Url }));
        var ids = new List<string>();
        for (var i = 0; i < Resources; i++)
        {
            var id = h.SecretName($"drift{i}");
            await aws.CreateSecretAsync(new CreateSecretOptions(id) { Value = SecretPayload.FromString($$"""{"token":"{{Guid.NewGuid():N}}"}""") }, ct);
            ids.Add(id);
        }

        await h.StartAsync(ct);
        for (var i = 0; i < Resources; i++)
        {
            await h.CreateAsync($"app{i}", new RotatingSecretSpec { SecretId = ids[i], Region = Region, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);
        }

        for (var i = 0; i < Resources; i++)
        {
            await h.WaitAsync($"app{i}", OperatorHarness.IsReady, Within, "mirrored", ct);
        }

        // Let the first windows pass (the catalog starts listing once enough secrets were asked about), then measure three refreshes.
        await Task.Delay(TimeSpan.FromSeconds(12), ct);
        var before = await CallsAsync(h);
        await Task.Delay(TimeSpan.FromSeconds(30), ct);
        var after = await CallsAsync(h);
        var describes = after.Describe - before.Describe;
        var lists = after.List - before.List;
        describes.Should().BeLessThan(Resources, $"{Resources} resources refreshed about three times each; describing each would be about {Resources * 3} calls (made {describes} DescribeSecret, {lists} ListSecrets)");
        lists.Should().BeInRange(1, 8, "one page per window, a window per refresh interval");
        (after.GetValue - before.GetValue).Should().Be(0, "no value is read while nothing changes");

        // A change made outside the operator still reaches the Secret, through the next listing.
        var value = $$"""{"token":"{{Guid.NewGuid():N}}"}""";
        var put = await aws.PutSecretValueAsync(ids[5], SecretPayload.FromString(value), null, Guid.NewGuid().ToString(), ct);
        await h.WaitAsync("app5", r => r.Status?.CurrentVersionId == put.VersionId, Within, "change outside detected", ct);
        var secret = (await h.Secrets.GetAsync(h.Namespace, "app5", ct))!;
        (Encoding.UTF8.GetString(secret.Data!["token"]) == value[10..^2]).Should().BeTrue("the Secret holds the value put outside the operator");

        // A restarted operator trusts the Secret's resourceVersion recorded in the status: no value is read again.
        await h.StopAsync();
        await h.StartAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(12), ct);
        var restarted = await CallsAsync(h);
        restarted.GetValue.Should().Be(0, "every Secret is as the status recorded it");
        foreach (var i in Enumerable.Range(0, Resources))
        {
            OperatorHarness.IsReady((await h.RotatingSecrets.GetAsync(h.Namespace, $"app{i}", ct))!).Should().BeTrue();
        }
    }

    private static async Task<(double Describe, double List, double GetValue)> CallsAsync(OperatorHarness h)
    {
        // GetAsync trims the body; the exposition format ends with a line feed.
        var metrics = ExpositionParser.Parse((await h.Operator.GetAsync("/metrics")).Body + "\n");
        double Sum(string operation) => metrics.Named("rotator_aws_calls_total").Where(s => s.Labels["operation"] == operation).Sum(s => s.Value);
        return (Sum("DescribeSecret"), Sum("ListSecrets"), Sum("GetSecretValue"));
    }
}
