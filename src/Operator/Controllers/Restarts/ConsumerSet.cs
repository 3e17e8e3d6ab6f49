namespace Rotator.Operator.Controllers.Restarts;

/// <summary>The consumers of a Secret: those that exist, and explicit targets that do not.</summary>
public sealed record ConsumerSet(IReadOnlyList<WorkloadRef> Found, IReadOnlyList<WorkloadRef> Missing);
