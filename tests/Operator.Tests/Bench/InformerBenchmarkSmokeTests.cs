using FluentAssertions;
using Microsoft.Extensions.Logging;
using Rotator.Benchmarks;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Bench;

/// <summary>
/// The informer benchmark's code path on a small set, for correctness only: the numbers of a 2-core CI
/// machine shared with other builds are not asserted (README's "Performance" has measured ones).
/// </summary>
public sealed class InformerBenchmarkSmokeTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Loads_fifty_rotating_secrets_and_the_fresh_informer_holds_all_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var set = TestClients.UniqueName("bench");
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new TestOutputLoggerProvider("bench")));
        var benchmark = new InformerBenchmark(limits => TestClients.Admin(testbed.Kube, options: limits), loggers);
        var options = new InformerBenchmarkOptions { Count = 50, Namespaces = 2, NamespacePrefix = set, Set = set, Concurrency = 8 };
        try
        {
            var first = await benchmark.RunAsync(options, ct);

            first.Created.Should().Be(50);
            first.StoreCount.Should().Be(50, "every loaded object is in the informer's store once synced");
            first.ToMarkdownRow().Should().StartWith("| 50 | 2 |");
            TestContext.Current.TestOutputHelper?.WriteLine(InformerBenchmarkResult.MarkdownHeader + "\n" + first.ToMarkdownRow());

            var smaller = await benchmark.RunAsync(options with { Count = 30 }, ct);

            smaller.Created.Should().Be(0, "loading keeps what is there");
            smaller.Deleted.Should().Be(20, "and removes what the smaller set does not have");
            smaller.StoreCount.Should().Be(30);
        }
        finally
        {
            using var admin = TestClients.Admin(testbed.Kube);
            for (var i = 0; i < options.Namespaces; i++)
            {
                await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, $"{set}-{i}", CancellationToken.None);
            }
        }
    }
}
