namespace Rotator.Operator.Controllers.Restarts;

/// <summary>Where a consumer's rollout onto a version stands.</summary>
public enum RolloutPhase
{
    /// <summary>Not yet observed by its controller, or replicas still being replaced.</summary>
    Progressing,

    /// <summary>Every replica runs the restarted template and is available.</summary>
    Complete,

    /// <summary>Stalled: a Deployment exceeded its progress deadline, or a StatefulSet/DaemonSet made no progress within ours.</summary>
    Degraded,

    /// <summary>The workload no longer exists.</summary>
    Missing,

    /// <summary>The template no longer names this version (a later restart, or someone replaced the template).</summary>
    Superseded,
}
