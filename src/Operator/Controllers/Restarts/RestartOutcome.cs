namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// The result of asking a workload to restart for a version. <paramref name="Restarted"/> is false
/// when its template already named that version (nothing was written); <paramref name="At"/> is then
/// the time of the earlier restart when the template records it.
/// </summary>
public sealed record RestartOutcome(WorkloadRef Workload, bool Restarted, DateTimeOffset At);
