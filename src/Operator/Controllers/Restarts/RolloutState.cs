namespace Rotator.Operator.Controllers.Restarts;

/// <summary>A rollout's phase and a message for conditions and events: it names the workload and counts, never values.</summary>
public sealed record RolloutState(WorkloadRef Workload, RolloutPhase Phase, string Message);
