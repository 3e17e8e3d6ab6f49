using System.Diagnostics;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.LeaderElection;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.LeaderElection;

/// <summary>Two candidates on one real Lease, with client-go's default timings.</summary>
public sealed class LeaseElectorTests(TestbedFixture testbed) : IAsyncLifetime
{
    private readonly string ns = TestClients.UniqueName("election");
    private KubernetesApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(testbed.Kube);
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        admin.Dispose();
    }

    [Fact]
    public async Task Exactly_one_leads_and_the_other_takes_over_within_lease_duration_plus_retry_period_after_the_leader_crashed()
    {
        var ct = TestContext.Current.CancellationToken;
        var terms = new TermCounter();
        using var clientA = TestClients.Admin(testbed.Kube);
        using var clientB = TestClients.Admin(testbed.Kube);
        await using var a = new Candidate(Elector(clientA, "candidate-a"), terms, ct);
        await using var b = new Candidate(Elector(clientB, "candidate-b"), terms, ct);
        await Eventually.HoldsAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, TimeSpan.FromSeconds(30), "one candidate leads");

        // Several retry periods of both campaigning: never two leaders, and the Lease names the one.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(6))
        {
            (a.Elector.IsLeader && b.Elector.IsLeader).Should().BeFalse("two candidates must never lead at once");
            await Task.Delay(100, ct);
        }

        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
        follower.Elector.IsLeader.Should().BeFalse();
        (await LeaseAsync()).HolderIdentity.Should().Be(leader.Elector.Identity);
        var transitionsBefore = (await LeaseAsync()).LeaseTransitions ?? 0;

        // A crash: the leader stops without handing the lease back (ReleaseOnCancel = false).
        var killedAt = await leader.KillAsync();
        await Eventually.HoldsAsync(() => follower.LeadingSince is not null, TimeSpan.FromSeconds(40), "the follower takes over");
        var takeover = Stopwatch.GetElapsedTime(killedAt, follower.LeadingSince!.Value);
        TestContext.Current.TestOutputHelper?.WriteLine($"takeover after a crash: {takeover.TotalSeconds:F1} s (LeaseDuration 15 s, RetryPeriod 2 s)");

        takeover.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(20), "LeaseDuration (15 s) + RetryPeriod (2 s, jittered) bound the takeover");
        takeover.Should().BeGreaterThan(TimeSpan.FromSeconds(10), "the follower must wait for the crashed leader's lease to expire");
        var lease = await LeaseAsync();
        lease.HolderIdentity.Should().Be(follower.Elector.Identity);
        lease.LeaseTransitions.Should().Be(transitionsBefore + 1);
        terms.Max.Should().Be(1, "whileLeading never ran in both candidates at once");
    }

    private LeaseElector Elector(KubernetesApi client, string identity) => new(
        client.For(ResourceTypes.Leases),
        new LeaderElectionOptions { LeaseNamespace = ns, LeaseName = "race", Identity = identity, ReleaseOnCancel = false },
        TimeProvider.System,
        new TestOutputLogger(identity));

    private async Task<V1LeaseSpec> LeaseAsync() =>
        (await admin.For(ResourceTypes.Leases).GetAsync(ns, "race", TestContext.Current.CancellationToken))?.Spec ?? new V1LeaseSpec();
}
