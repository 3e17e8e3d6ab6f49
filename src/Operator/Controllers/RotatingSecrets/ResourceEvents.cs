using Rotator.Api;
using Rotator.Operator.Runtime.Events;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Events about a RotatingSecret, and the Ready=False report that goes with most problems. Notes never carry a value.</summary>
public sealed class ResourceEvents(IEventRecorder events)
{
    /// <param name="state">The pass (its resource is the event's subject).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">Why, in CamelCase.</param>
    /// <param name="action">What the operator did or tried.</param>
    /// <param name="note">The message; never a value.</param>
    /// <param name="onlyOnChangeOf">Record only when this condition's status, reason or message differs from the stored status, so a persistent problem is not re-announced on every refresh.</param>
    public void Record(ReconcileState state, EventType type, string reason, string action, string note, string? onlyOnChangeOf = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (onlyOnChangeOf is not null && state.Unchanged(onlyOnChangeOf))
        {
            return;
        }

        events.Record(state.Reference, type, reason, action, note);
    }

    /// <summary>Ready=False with <paramref name="reason"/>, announced once per change.</summary>
    public ReconcileState NotReady(ReconcileState state, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.WithCondition(ConditionTypes.Ready, Conditions.False, reason, message);
        Record(next, EventType.Warning, reason, "Reconcile", message, onlyOnChangeOf: ConditionTypes.Ready);
        return next;
    }

    /// <summary>Records an event about a resource outside a pass (its deletion).</summary>
    public void Record(Rotator.Api.RotatingSecret resource, EventType type, string reason, string action, string note) =>
        events.Record(RotatingSecretReference.Of(resource), type, reason, action, note);
}
