using FluentAssertions;
using Microsoft.Extensions.Logging;
using Rotator.Benchmarks;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Bench;

/// <summary>
/// The rotation benchmark's code path on five alternating-users rotations against the test bed's API
/// server, moto and MariaDB. Timings of a shared 2-core CI machine are not asserted (README's
/// "Performance" has measured ones); what is asserted holds at any scale: every secret rotated exactly
/// once with no second rotation overlapping it, no AWS throttling and the write budget kept, every
/// Secret updated and every Deployment restarted, and the propagation measured for each.
/// </summary>
public sealed class RotationBenchmarkSmokeTests(TestbedFixture testbed)
{
    private const int Count = 5;

    [Fact]
    public async Task Five_rotations_due_at_once_each_rotate_exactly_once_without_throttling_and_propagate()
    {
        var ct = TestContext.Current.CancellationToken;
        var mariaDb = testbed.MariaDb;
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider("bench")));
        var benchmark = new RotationBenchmark(loggers, logging => logging.AddProvider(new TestOutputLoggerProvider("operator")));

        var result = await benchmark.RunAsync(
            new RotationBenchmarkOptions
            {
                Count = Count,
                Namespaces = 2,
                DueBy = RotationDueBy.RotateNow,
                Kubeconfig = testbed.Kube.AdminKubeconfig,
                AwsEndpoint = testbed.Moto.Url,
                MySql = new MySqlAdmin(mariaDb.Host, mariaDb.Port, mariaDb.AdminUser, mariaDb.AdminPassword, mariaDb.CaFile),
                NamespacePrefix = "bench-rot",
                Timeout = TimeSpan.FromMinutes(2),
            },
            ct);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToMarkdown());

        // The run itself fails unless every status showed the rotation Succeeded, the Secret held the new
        // version and the Deployment's pod template named it.
        result.RotatedOnce.Should().Be(Count, "each secret has exactly one new version, current, on the _clone user, from one rotation");
        result.VersionCounts.Should().AllBeEquivalentTo(2, "the first version and the one rotation's");
        result.MaxRotationIds.Should().Be(1, "no resource ever showed a second rotation in flight");
        result.MaxHistory.Should().Be(1);
        result.LeaderTerms.Should().Be(1, "the Lease is renewed on a client of its own, so the burst never makes the leader stand down");
        result.PollRounds.Should().BeGreaterThan(0, "secrets were polled for AWSPENDING while the rotations ran");
        result.MaxPendingIds.Should().BeLessThanOrEqualTo(1, "no secret had two pending versions");
        result.Throttled.Should().Be(0, "the operator stays under its write budget: {0}", result.AwsOutcomes.Describe(1));
        result.AwsCalls["PutSecretValue"].Should().Be(Count, "one createSecret per rotation");
        result.MaxWritesPerSecond.Should().BeInRange(double.Epsilon, 2 * result.WriteBudget, "writes happened, within the budget and its burst");
        result.Restarts["restarted"].Should().Be(Count, "every alternating-users rotation changes the user, so its Deployment restarts");
        result.SecretPropagation.Should().HaveCount(Count, "finishSecret → Secret updated is measured for every rotation");
        result.RestartPropagation.Should().HaveCount(Count, "finishSecret → restart patch is measured for every rotation");
        result.SecretPropagation.Concat(result.RestartPropagation).Should().OnlyContain(t => t > TimeSpan.Zero, "the Secret and the Deployment change after finishSecret");
        result.Histogram.SecretCount.Should().Be(Count, "the operator's rotator_propagation_seconds{stage=\"secret\"} observed every rotation");
        result.Histogram.RestartCount.Should().Be(Count, "and {stage=\"restart\"} every restart patch");
        result.Histogram.SecretP99.Should().NotBeNull();
    }
}
