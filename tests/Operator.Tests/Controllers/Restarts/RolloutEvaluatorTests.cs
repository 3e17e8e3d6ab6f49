using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;
using k8s.Models;
using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Tests.Controllers.Restarts;

public sealed class RolloutEvaluatorTests
{
    private static readonly WorkloadRef Api = new(WorkloadKind.Deployment, "api");
    private static readonly WorkloadRef Db = new(WorkloadKind.StatefulSet, "db");
    private static readonly WorkloadRef Agent = new(WorkloadKind.DaemonSet, "agent");

    [Fact]
    public void Missing_when_gone() =>
        RolloutEvaluator.Evaluate(Api, null, "v1").Phase.Should().Be(RolloutPhase.Missing);

    [Fact]
    public void Superseded_when_the_template_names_another_version_or_none()
    {
        RolloutEvaluator.Evaluate(Api, Make(3, Done(3), version: "v2"), "v1").Phase.Should().Be(RolloutPhase.Superseded);
        RolloutEvaluator.Evaluate(Api, Make(3, Done(3), version: null), "v1").Phase.Should().Be(RolloutPhase.Superseded);
    }

    [Fact]
    public void Deployment_waits_for_the_controller_to_observe_the_restart()
    {
        var state = RolloutEvaluator.Evaluate(Api, Make(3, Done(3) with { ObservedGeneration = 1 }, generation: 2), "v1");
        state.Phase.Should().Be(RolloutPhase.Progressing);
        state.Message.Should().Contain("Deployment api").And.Contain("observe");
    }

    [Fact]
    public void Deployment_progresses_until_every_replica_is_updated_available_and_no_old_one_is_left()
    {
        Phase(Api, Make(3, Done(3) with { UpdatedReplicas = 1 })).Should().Be((RolloutPhase.Progressing, "1 of 3 new replicas updated"));
        Phase(Api, Make(3, Done(3) with { Replicas = 4 })).Should().Be((RolloutPhase.Progressing, "1 old replicas pending termination"));
        Phase(Api, Make(3, Done(3) with { AvailableReplicas = 2 })).Should().Be((RolloutPhase.Progressing, "2 of 3 updated replicas available"));
        Phase(Api, Make(3, Done(3))).Phase.Should().Be(RolloutPhase.Complete);
    }

    [Fact]
    public void Deployment_is_degraded_when_its_progress_deadline_passed()
    {
        var status = Done(3) with { AvailableReplicas = 0, Conditions = [new WorkloadCondition("Progressing", "False", "ProgressDeadlineExceeded")] };
        var state = RolloutEvaluator.Evaluate(Api, Make(3, status), "v1");
        state.Phase.Should().Be(RolloutPhase.Degraded);
        state.Message.Should().Be("Deployment api exceeded its progress deadline (600s): 3 of 3 replicas updated, 0 available");
    }

    [Fact]
    public void Deployment_deadline_from_an_earlier_rollout_is_ignored_until_the_restart_is_observed()
    {
        var status = Done(3) with { ObservedGeneration = 1, Conditions = [new WorkloadCondition("Progressing", "False", "ProgressDeadlineExceeded")] };
        RolloutEvaluator.Evaluate(Api, Make(3, status, generation: 2), "v1").Phase.Should().Be(RolloutPhase.Progressing);
    }

    [Fact]
    public void Deployment_without_replicas_defaults_to_one()
    {
        var workload = Make(3, Done(1));
        workload = workload with { Replicas = null };
        RolloutEvaluator.Evaluate(Api, workload, "v1").Phase.Should().Be(RolloutPhase.Complete);
    }

    [Fact]
    public void StatefulSet_needs_every_pod_ready_updated_and_the_revision_switched()
    {
        var done = Done(3) with { ReadyReplicas = 3, CurrentRevision = "db-2", UpdateRevision = "db-2" };
        Phase(Db, Make(3, done with { ReadyReplicas = 2 })).Should().Be((RolloutPhase.Progressing, "2 of 3 pods ready, 3 updated"));
        Phase(Db, Make(3, done with { UpdatedReplicas = 1 })).Should().Be((RolloutPhase.Progressing, "1 of 3 pods updated"));
        Phase(Db, Make(3, done with { CurrentRevision = "db-1" })).Phase.Should().Be(RolloutPhase.Progressing);
        Phase(Db, Make(3, done)).Should().Be((RolloutPhase.Complete, "3 pods updated and ready"));
    }

    [Fact]
    public void StatefulSet_not_yet_observed_is_progressing() =>
        RolloutEvaluator.Evaluate(Db, Make(3, new WorkloadStatus()), "v1").Phase.Should().Be(RolloutPhase.Progressing);

    [Fact]
    public void Partitioned_StatefulSet_is_complete_when_the_ordinals_above_the_partition_moved()
    {
        var workload = Make(4, Done(4) with { ReadyReplicas = 4, UpdatedReplicas = 1, CurrentRevision = "db-1", UpdateRevision = "db-2" });
        workload = workload with { UpdateStrategy = "RollingUpdate", Partition = 3 };
        RolloutEvaluator.Evaluate(Db, workload, "v1").Phase.Should().Be(RolloutPhase.Complete);
        workload = workload with { Partition = 2 };
        Phase(Db, workload).Should().Be((RolloutPhase.Progressing, "1 of 2 pods updated"));
    }

    [Fact]
    public void OnDelete_StatefulSet_says_why_it_does_not_move()
    {
        var workload = Make(2, Done(2) with { ReadyReplicas = 2, UpdatedReplicas = 0, CurrentRevision = "db-1", UpdateRevision = "db-2" });
        workload = workload with { UpdateStrategy = "OnDelete" };
        var state = RolloutEvaluator.Evaluate(Db, workload, "v1");
        state.Phase.Should().Be(RolloutPhase.Progressing);
        state.Message.Should().Contain("0 of 2 pods updated").And.Contain("OnDelete");
    }

    [Fact]
    public void DaemonSet_needs_every_scheduled_pod_updated_and_available()
    {
        var done = new WorkloadStatus { ObservedGeneration = 3, DesiredNumberScheduled = 5, UpdatedNumberScheduled = 5, NumberAvailable = 5, NumberReady = 5 };
        Phase(Agent, Make(1, done with { UpdatedNumberScheduled = 2 })).Should().Be((RolloutPhase.Progressing, "2 of 5 new pods updated"));
        Phase(Agent, Make(1, done with { NumberAvailable = 4 })).Should().Be((RolloutPhase.Progressing, "4 of 5 updated pods available"));
        Phase(Agent, Make(1, done)).Should().Be((RolloutPhase.Complete, "5 pods updated and available"));
        Phase(Agent, Make(1, new WorkloadStatus { ObservedGeneration = 3 })).Should().Be((RolloutPhase.Complete, "0 pods updated and available"));
    }

    [Fact]
    public void Messages_name_the_workload_and_counts_but_not_the_version()
    {
        var state = RolloutEvaluator.Evaluate(Api, Make(3, Done(3) with { UpdatedReplicas = 1 }, version: "secret-version-id"), "secret-version-id");
        state.Message.Should().Be("Deployment api rolling out: 1 of 3 new replicas updated").And.NotContain("secret-version-id");
    }

    [Fact]
    public void Progress_changes_with_the_counts_only()
    {
        var a = Make(3, Done(3) with { UpdatedReplicas = 1 });
        var b = Make(3, Done(3) with { UpdatedReplicas = 1 });
        var c = Make(3, Done(3) with { UpdatedReplicas = 2 });
        RolloutEvaluator.Progress(a).Should().Be(RolloutEvaluator.Progress(b)).And.NotBe(RolloutEvaluator.Progress(c));
    }

    private static (RolloutPhase Phase, string Detail) Phase(WorkloadRef workload, Workload current)
    {
        var state = RolloutEvaluator.Evaluate(workload, current, "v1");
        var detail = state.Message[(state.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        return (state.Phase, detail);
    }

    private static WorkloadStatus Done(int replicas) => new()
    {
        ObservedGeneration = 3,
        Replicas = replicas,
        UpdatedReplicas = replicas,
        ReadyReplicas = replicas,
        AvailableReplicas = replicas,
    };

    private static Workload Make(int replicas, WorkloadStatus status, long generation = 3, string? version = "v1") => new()
    {
        Kind = WorkloadKind.Deployment,
        Metadata = new V1ObjectMeta { Name = "w", Generation = generation },
        Replicas = replicas,
        Template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta
            {
                Annotations = version is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [RestartAnnotations.RestartedFor] = version },
            },
        },
        Status = status,
    };
}
