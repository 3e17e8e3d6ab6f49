namespace Rotator.Operator.Runtime.Events;

/// <summary>Kubernetes event severity.</summary>
public enum EventType
{
    Normal,
    Warning,
}
