namespace Rotator.Operator.Runtime.Queues;

/// <summary>When a delayed item becomes due (queue-relative time) and the lane it then goes to.</summary>
internal readonly record struct DelayedItem(TimeSpan ReadyAt, WorkPriority Priority);
