using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// The consumers of a Secret: those that exist, and explicit targets that do not. <paramref name="Read"/>
/// holds each found workload as the resolver read it, so restarting it needs no second read.
/// </summary>
public sealed record ConsumerSet(IReadOnlyList<WorkloadRef> Found, IReadOnlyList<WorkloadRef> Missing, IReadOnlyDictionary<WorkloadRef, Workload> Read);
