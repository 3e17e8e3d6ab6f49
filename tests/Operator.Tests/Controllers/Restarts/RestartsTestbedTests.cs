using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Kubernetes.Workloads;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Controllers.Restarts;

/// <summary>
/// Consumer discovery, restarts and rollout tracking against the test bed's kube-apiserver and
/// kube-controller-manager (deployment and replicaset controllers only; no kubelet, scheduler,
/// statefulset or daemonset controller, so the tests write that status themselves).
/// </summary>
public sealed class RestartsTestbedTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_finds_env_envFrom_volume_and_projected_references_and_reports_missing_targets()
    {
        using var client = TestClients.Admin(testbed.Kube);
        var bed = await TestWorkloads.CreateNamespaceAsync(client, Ct);
        try
        {
            await bed.CreateAsync(WorkloadKind.Deployment, "by-env", TestWorkloads.PodSpec(new JsonObject
            {
                ["env"] = new JsonArray(new JsonObject { ["name"] = "P", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "db", ["key"] = "password" } } }),
            }), Ct);
            await bed.CreateAsync(WorkloadKind.StatefulSet, "by-env-from", TestWorkloads.PodSpec(new JsonObject
            {
                ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "db" } }),
            }), Ct);
            await bed.CreateAsync(WorkloadKind.DaemonSet, "by-volume", TestWorkloads.PodSpec(volumes: new JsonArray(new JsonObject
            {
                ["name"] = "creds",
                ["secret"] = new JsonObject { ["secretName"] = "db" },
            })), Ct);
            await bed.CreateAsync(WorkloadKind.Deployment, "by-projected", TestWorkloads.PodSpec(volumes: new JsonArray(new JsonObject
            {
                ["name"] = "creds",
                ["projected"] = new JsonObject { ["sources"] = new JsonArray(new JsonObject { ["secret"] = new JsonObject { ["name"] = "db" } }) },
            })), Ct);
            await bed.CreateAsync(WorkloadKind.Deployment, "other-secret", TestWorkloads.PodSpec(new JsonObject
            {
                ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "db-other" } }),
            }), Ct);
            await bed.CreateAsync(WorkloadKind.Deployment, "config-map", TestWorkloads.PodSpec(new JsonObject
            {
                ["envFrom"] = new JsonArray(new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = "db" } }),
            }), Ct);
            await bed.CreateAsync(WorkloadKind.Deployment, "explicit", TestWorkloads.PodSpec(), Ct);

            var spec = new RestartSpec
            {
                Discover = true,
                Targets =
                [
                    new RestartTarget { Kind = WorkloadKind.Deployment, Name = "explicit" },
                    new RestartTarget { Kind = WorkloadKind.Deployment, Name = "by-env" },
                    new RestartTarget { Kind = WorkloadKind.StatefulSet, Name = "gone" },
                    new RestartTarget { Kind = WorkloadKind.StatefulSet, Name = "gone" },
                    new RestartTarget { Kind = WorkloadKind.DaemonSet, Name = "by-env" },
                ],
            };
            var set = await new ConsumerResolver(new WorkloadApi(client)).ResolveAsync(bed.Namespace, spec, "db", RestartScope.All, Ct);

            set.Found.Should().Equal(
                new WorkloadRef(WorkloadKind.Deployment, "by-env"),
                new WorkloadRef(WorkloadKind.Deployment, "by-projected"),
                new WorkloadRef(WorkloadKind.Deployment, "explicit"),
                new WorkloadRef(WorkloadKind.StatefulSet, "by-env-from"),
                new WorkloadRef(WorkloadKind.DaemonSet, "by-volume"));
            set.Missing.Should().Equal(new WorkloadRef(WorkloadKind.StatefulSet, "gone"), new WorkloadRef(WorkloadKind.DaemonSet, "by-env"));

            var explicitOnly = await new ConsumerResolver(new WorkloadApi(client)).ResolveAsync(bed.Namespace, spec with { Discover = null }, "db", RestartScope.All, Ct);
            explicitOnly.Found.Should().Equal(new WorkloadRef(WorkloadKind.Deployment, "by-env"), new WorkloadRef(WorkloadKind.Deployment, "explicit"));
            (await new ConsumerResolver(new WorkloadApi(client)).ResolveAsync(bed.Namespace, null, "db", RestartScope.All, Ct)).Found.Should().BeEmpty();

            // A Secret created in this pass spares discovered consumers (their pods were waiting for it), not the named ones.
            var namedOnly = await new ConsumerResolver(new WorkloadApi(client)).ResolveAsync(bed.Namespace, spec, "db", RestartScope.Explicit, Ct);
            namedOnly.Found.Should().Equal(new WorkloadRef(WorkloadKind.Deployment, "by-env"), new WorkloadRef(WorkloadKind.Deployment, "explicit"));
            namedOnly.Missing.Should().HaveCount(2);
            var discoveredOnly = await new ConsumerResolver(new WorkloadApi(client)).ResolveAsync(bed.Namespace, spec, "db", RestartScope.Discovered, Ct);
            discoveredOnly.Found.Should().NotContain(new WorkloadRef(WorkloadKind.Deployment, "explicit"));
            discoveredOnly.Missing.Should().BeEmpty();
        }
        finally
        {
            await bed.DeleteNamespaceAsync();
        }
    }

    [Fact]
    public async Task Deployment_restart_rolls_out_once_pods_are_ready_and_the_same_version_writes_nothing()
    {
        using var client = TestClients.Admin(testbed.Kube);
        var bed = await TestWorkloads.CreateNamespaceAsync(client, Ct);
        try
        {
            var api = new WorkloadRef(WorkloadKind.Deployment, "api");
            await bed.CreateAsync(api.Kind, api.Name, TestWorkloads.PodSpec(), Ct, replicas: 2);
            await Eventually.HoldsAsync(async () => await bed.ReplicaSetCountAsync("api", Ct) == 1, Patience, "first ReplicaSet");
            var restarter = new WorkloadRestarter(new WorkloadApi(client), TimeProvider.System);
            (await restarter.RolloutAsync(bed.Namespace, api, "v1", Ct)).Phase.Should().Be(RolloutPhase.Superseded, "it was never restarted for v1");

            var first = await restarter.RestartAsync(bed.Namespace, api, "v1", Ct);
            first.Restarted.Should().BeTrue();
            var restarted = await bed.GetAsync(api.Kind, api.Name, Ct);
            restarted.Template!.Metadata!.Annotations.Should().Contain(RestartAnnotations.RestartedFor, "v1");
            await Eventually.HoldsAsync(async () => await bed.ReplicaSetCountAsync("api", Ct) == 2, Patience, "a new ReplicaSet for the restarted template");
            (await restarter.RolloutAsync(bed.Namespace, api, "v1", Ct)).Phase.Should().Be(RolloutPhase.Progressing, "no pod is ready without a kubelet");

            var second = await restarter.RestartAsync(bed.Namespace, api, "v1", Ct);
            second.Should().Be(first with { Restarted = false });
            (await bed.GetAsync(api.Kind, api.Name, Ct)).Template!.Metadata!.Annotations.Should().Contain(RestartAnnotations.RestartedAt, restarted.Template.Metadata.Annotations![RestartAnnotations.RestartedAt]);

            var seen = new List<RolloutPhase>();
            RolloutState? state = null;
            await Eventually.HoldsAsync(async () =>
            {
                await bed.MarkPodsReadyAsync("api", Ct);
                state = await restarter.RolloutAsync(bed.Namespace, api, "v1", Ct);
                seen.Add(state.Phase);
                return state.Phase == RolloutPhase.Complete;
            }, Patience, "rollout complete");
            seen.Should().OnlyContain(p => p == RolloutPhase.Progressing || p == RolloutPhase.Complete);
            state!.Message.Should().Be("Deployment api rolled out: 2 replicas updated and available");

            // Idempotence is about writes. The deployment controller keeps writing status here, which moves
            // resourceVersion, so the proof is the generation (bumped by every spec write) instead; the
            // StatefulSet/DaemonSet test, with no controller, checks resourceVersion itself.
            var before = (await bed.GetAsync(api.Kind, api.Name, Ct)).Metadata.Generation;
            (await restarter.RestartAsync(bed.Namespace, api, "v1", Ct)).Restarted.Should().BeFalse();
            (await bed.GetAsync(api.Kind, api.Name, Ct)).Metadata.Generation.Should().Be(before);

            (await restarter.RestartAsync(bed.Namespace, api, "v2", Ct)).Restarted.Should().BeTrue();
            (await restarter.RolloutAsync(bed.Namespace, api, "v1", Ct)).Phase.Should().Be(RolloutPhase.Superseded);
            await client.For(ResourceTypes.Deployments).DeleteAsync(bed.Namespace, api.Name, Ct);
            (await restarter.RolloutAsync(bed.Namespace, api, "v2", Ct)).Phase.Should().Be(RolloutPhase.Missing);
            await restarter.Invoking(r => r.RestartAsync(bed.Namespace, api, "v3", Ct)).Should().ThrowAsync<NotFoundException>();
        }
        finally
        {
            await bed.DeleteNamespaceAsync();
        }
    }

    [Fact]
    public async Task Deployment_whose_pods_never_become_ready_is_degraded_after_its_progress_deadline()
    {
        using var client = TestClients.Admin(testbed.Kube);
        var bed = await TestWorkloads.CreateNamespaceAsync(client, Ct);
        try
        {
            var api = new WorkloadRef(WorkloadKind.Deployment, "stuck");
            await bed.CreateAsync(api.Kind, api.Name, TestWorkloads.PodSpec(), Ct, progressDeadlineSeconds: 2);
            var restarter = new WorkloadRestarter(new WorkloadApi(client), TimeProvider.System);
            await restarter.RestartAsync(bed.Namespace, api, "v1", Ct);

            RolloutState? state = null;
            await Eventually.HoldsAsync(async () =>
            {
                state = await restarter.RolloutAsync(bed.Namespace, api, "v1", Ct);
                return state.Phase == RolloutPhase.Degraded;
            }, Patience, "progress deadline exceeded");
            state!.Message.Should().Be("Deployment stuck exceeded its progress deadline (2s): 1 of 1 replicas updated, 0 available");
        }
        finally
        {
            await bed.DeleteNamespaceAsync();
        }
    }

    [Theory]
    [InlineData(WorkloadKind.StatefulSet)]
    [InlineData(WorkloadKind.DaemonSet)]
    public async Task StatefulSet_and_DaemonSet_restarts_roll_out_through_their_real_controllers_and_a_stall_is_reported(WorkloadKind kind)
    {
        using var client = TestClients.Admin(testbed.Kube);
        var bed = await TestWorkloads.CreateNamespaceAsync(client, Ct);

        // The DaemonSet controller places one pod per node; the test bed has no kubelet, so two Node objects stand in.
        var nodes = kind == WorkloadKind.DaemonSet ? await bed.CreateNodesAsync(2, Ct) : [];
        try
        {
            var workload = new WorkloadRef(kind, "db");
            await bed.CreateAsync(kind, workload.Name, TestWorkloads.PodSpec(), Ct, replicas: 2);
            var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var restarter = new WorkloadRestarter(new WorkloadApi(client), time, TimeSpan.FromMinutes(5));
            await Eventually.HoldsAsync(async () => await bed.MarkPodsReadyAsync("db", Ct) >= 0 && await bed.ReadyPodCountAsync("db", Ct) == 2, Patience, "two ready pods before the restart");

            (await restarter.RestartAsync(bed.Namespace, workload, "v1", Ct)).Restarted.Should().BeTrue();
            (await restarter.RestartAsync(bed.Namespace, workload, "v1", Ct)).Restarted.Should().BeFalse("the same version never restarts twice");

            // Nobody marks the new pods ready: the controller replaces what it can and then waits; once nothing moves for
            // longer than the deadline, the rollout is reported as stalled.
            await Eventually.HoldsAsync(
                async () =>
                {
                    var before = await restarter.RolloutAsync(bed.Namespace, workload, "v1", Ct);
                    time.Advance(TimeSpan.FromMinutes(6));
                    var after = await restarter.RolloutAsync(bed.Namespace, workload, "v1", Ct);
                    return before.Phase == RolloutPhase.Progressing && after.Phase == RolloutPhase.Degraded && after.Message.Contains("no progress for", StringComparison.Ordinal);
                },
                Patience,
                "a stalled rollout reported as Degraded");

            await Eventually.HoldsAsync(
                async () => await bed.MarkPodsReadyAsync("db", Ct) >= 0 && (await restarter.RolloutAsync(bed.Namespace, workload, "v1", Ct)).Phase == RolloutPhase.Complete,
                Patience,
                "the rollout completes once the new pods are ready");
            (await bed.PodsAsync("db", Ct)).Should().HaveCount(2).And.OnlyContain(
                p => p.Metadata.Annotations != null && p.Metadata.Annotations[RestartAnnotations.RestartedFor] == "v1", "every pod runs the restarted template");
        }
        finally
        {
            await bed.DeleteNamespaceAsync();
            await bed.DeleteNodesAsync(nodes);
        }
    }
}
