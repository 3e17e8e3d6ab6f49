using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Resources;
using Rotator.Operator.Tests.Controllers.Restarts;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.RestartAndResumeTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// StatefulSet and DaemonSet consumers through the operator, rolled out by the test bed's real controllers (the test
/// plays only the kubelet, marking pods ready): restarted for a rotation, their rollout tracked to RolledOut.
/// </summary>
public sealed class StatefulSetAndDaemonSetTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_rotation_restarts_statefulset_and_daemonset_consumers_and_tracks_their_rollout_to_the_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-stsds", ct);
        var workloads = new TestWorkloads(h.Admin, h.Namespace);
        var nodes = await workloads.CreateNodesAsync(2, ct);
        try
        {
            var secretId = await h.CreateAwsSecretAsync("token", """{"apiKey":"first-api-key-0123456789"}""", ct);
            var reads = TestWorkloads.PodSpec(new JsonObject { ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "token" } }) });
            await workloads.CreateAsync(WorkloadKind.StatefulSet, "cache", reads.DeepClone().AsObject(), ct, replicas: 2);
            await workloads.CreateAsync(WorkloadKind.DaemonSet, "agent", reads.DeepClone().AsObject(), ct);
            await h.StartAsync(ct);
            await h.CreateAsync("token", new RotatingSecretSpec
            {
                SecretId = secretId,
                Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { Field = "apiKey" } },
                RefreshInterval = "10s",
                Restart = new RestartSpec { Discover = true, WaitForRollout = true },
            }, ct);
            await h.WaitAsync("token", OperatorHarness.IsReady, Within, "mirrored", ct);
            await Eventually.HoldsAsync(async () => await ReadyAsync(workloads, ct) == 4, Within, "two StatefulSet pods and one DaemonSet pod per node ready");

            await RotateNowAsync(h, "token", "first", ct);

            var restarted = await h.WaitAsync("token", r => r.Status?.History?.Count == 1 && r.Status.Restarts?.Count(x => x.VersionId == r.Status.CurrentVersionId) == 2,
                Within, "both consumers restarted for the rotated version", ct);
            var version = restarted.Status!.CurrentVersionId!;
            restarted.Status.Restarts!.Select(r => (r.Kind, r.Name)).Should().BeEquivalentTo([(WorkloadKind.StatefulSet, "cache"), (WorkloadKind.DaemonSet, "agent")]);
            await Eventually.HoldsAsync(async () => await ReadyAsync(workloads, ct) == 4 && await OnVersionAsync(workloads, version, ct) == 4, Within, "every pod replaced and ready");
            var done = await h.WaitAsync("token", r => OperatorHarness.Condition(r, ConditionTypes.RolloutComplete) is { Status: "True", Reason: StatusReasons.RolledOut }, Within, "rollout tracked", ct);
            OperatorHarness.Condition(done, ConditionTypes.RolloutComplete)!.Message.Should().Contain(version);
            await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
        }
        finally
        {
            await workloads.DeleteNodesAsync(nodes);
        }
    }

    // Marks new pods ready as a kubelet would, then counts the ready ones of both workloads.
    private static async Task<int> ReadyAsync(TestWorkloads workloads, CancellationToken ct)
    {
        await workloads.MarkPodsReadyAsync("cache", ct);
        await workloads.MarkPodsReadyAsync("agent", ct);
        return await workloads.ReadyPodCountAsync("cache", ct) + await workloads.ReadyPodCountAsync("agent", ct);
    }

    private static async Task<int> OnVersionAsync(TestWorkloads workloads, string version, CancellationToken ct) =>
        (await workloads.PodsAsync("cache", ct)).Concat(await workloads.PodsAsync("agent", ct))
            .Count(p => p.Metadata.Annotations?.TryGetValue(RestartAnnotations.RestartedFor, out var v) == true && v == version);
}
