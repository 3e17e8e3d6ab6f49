namespace Rotator.Operator.Runtime.Events;

/// <summary>An occurrence waiting to be written.</summary>
internal sealed record PendingEvent(EventKey Key, DateTimeOffset At);
