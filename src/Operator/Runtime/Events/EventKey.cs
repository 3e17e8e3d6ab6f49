using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Runtime.Events;

/// <summary>Two occurrences with equal keys are the same event repeated.</summary>
internal sealed record EventKey(ObjectReference Regarding, EventType Type, string Reason, string Action, string Note);
