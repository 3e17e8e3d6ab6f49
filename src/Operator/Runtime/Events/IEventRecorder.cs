using k8s.Models;

namespace Rotator.Operator.Runtime.Events;

/// <summary>Publishes Kubernetes Events about an object. Never blocks the caller; never given secret values.</summary>
public interface IEventRecorder
{
    /// <param name="regarding">The object the event is about.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">Machine-readable UpperCamelCase reason, e.g. <c>RotationFailed</c>.</param>
    /// <param name="action">What the operator did or tried, e.g. <c>SetSecret</c>.</param>
    /// <param name="note">Human-readable detail (truncated to 1 kB).</param>
    void Record(V1ObjectReference regarding, EventType type, string reason, string action, string note);
}
