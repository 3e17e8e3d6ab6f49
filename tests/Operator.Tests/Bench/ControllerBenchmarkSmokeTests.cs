using FluentAssertions;
using Microsoft.Extensions.Logging;
using Rotator.Benchmarks;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Bench;

/// <summary>
/// The controller benchmark's code path on a small set against the test bed's API server and moto. The
/// timings of a 2-core CI machine shared with other builds are not asserted (README's "Performance" has
/// measured ones); what is asserted holds at any scale: every resource is mirrored, and an idle
/// refresh writes nothing to Kubernetes and reads no secret value.
/// </summary>
public sealed class ControllerBenchmarkSmokeTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Twenty_mirror_only_resources_in_two_namespaces_are_mirrored_and_an_idle_refresh_writes_nothing_reads_no_value_and_lists_instead_of_describing()
    {
        var ct = TestContext.Current.CancellationToken;
        var kube = testbed.Kube;
        var moto = testbed.Moto;
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider("bench")));
        var benchmark = new ControllerBenchmark(loggers, logging => logging.AddProvider(new TestOutputLoggerProvider("operator")));

        var result = await benchmark.RunAsync(
            new ControllerBenchmarkOptions
            {
                Count = 20,
                New = 5,
                NewSpacing = TimeSpan.FromMilliseconds(200),
                RefreshInterval = TimeSpan.FromSeconds(10),
                IdleIntervals = 2,
                Kubeconfig = kube.AdminKubeconfig,
                AwsEndpoint = moto.Url,
                NamespacePrefix = "bench-ctl",
                Namespaces = 2,

                // Its own process, as the README's numbers are measured: memory and CPU are the operator's alone.
                OperatorProcess = true,

                // Then a second process over the same, mirrored resources: a restart must cost no write and no value read.
                Restart = true,

                // A region of its own: the secrets other tests leave in moto's default region would count against the listing's page budget.
                Region = "sa-east-1",
                Timeout = TimeSpan.FromMinutes(2),
            },
            ct);
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToMarkdown());

        // The run itself fails unless all 20 Secrets, then each of the 5 new ones, held their VersionId.
        result.OperatorOwnProcess.Should().BeTrue();
        result.ColdStartRequests[new KubernetesRequest("create", "secrets")].Should().Be(20, "each Secret is created once");
        result.ColdStartRequests[new KubernetesRequest("get", "secrets")].Should().Be(
            0, "a new resource's Secret is created without a read first: the controllers start once the Secret cache has synced, and a name it lacks is created (an AlreadyExists would be read then)");
        result.NewLatencies.Should().HaveCount(5);
        result.IdleRefreshes.Should().BeGreaterThan(0, "two refresh intervals passed while idle");
        result.IdleAwsCalls["ListSecrets"].Should().BeGreaterThan(0, "idle refreshes learn from shared ListSecrets pages whether AWSCURRENT moved");
        // Fewer describes than refreshes: some refreshes were answered by the shared listing. (How few is
        // measured, not asserted: at 1,000 resources one refresh in six still describes, not yet explained.)
        result.IdleAwsCalls["DescribeSecret"].Should().BeLessThan(result.IdleRefreshes, "a refresh describes only what the listing cannot vouch for: {0}", result.IdleAwsCalls.Describe(1));
        result.WritesPerIdleRefresh.Should().Be(0, "nothing changed, so nothing is written: {0}", result.IdleRequests.Describe(1));
        result.GetSecretValuePerIdleRefresh.Should().Be(0, "the value is read only when AWSCURRENT moved or the Secret changed");
        result.StartToReady.Should().NotBeNull("the benchmark waits for /readyz");
        result.Restart!.Writes.Should().Be(0, "a restart with everything mirrored writes nothing: {0}", result.Restart.Requests.Describe(1));
        result.Restart.GetSecretValue.Should().Be(0, "and reads no secret value (the Secrets' resourceVersions are in the status)");
        result.Restart.Reconciled.Should().Be(25);
        result.IdleRequests.Sum(r => r.Verb == "get" && r.Resource == "secrets").Should().Be(0, "an idle refresh reads the mirrored Secret from the watch cache, not the API server: {0}", result.IdleRequests.Describe(1));
    }
}
