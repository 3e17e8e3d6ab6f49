using k8s.Models;

namespace Rotator.Operator.Runtime.Events;

/// <summary>
/// Two occurrences with equal keys are the same event repeated. The object is compared by its identity
/// fields: the library's reference type has no value equality.
/// </summary>
internal sealed record EventKey(V1ObjectReference Regarding, EventType Type, string Reason, string Action, string Note)
{
    private string RegardingKey => $"{Regarding.ApiVersion}/{Regarding.Kind}/{Regarding.NamespaceProperty}/{Regarding.Name}/{Regarding.Uid}";

    public bool Equals(EventKey? other) =>
        other is not null && RegardingKey == other.RegardingKey && Type == other.Type && Reason == other.Reason && Action == other.Action && Note == other.Note;

    public override int GetHashCode() => HashCode.Combine(RegardingKey, Type, Reason, Action, Note);
}
