namespace Rotator.Operator.Runtime.Informers;

/// <summary>What happened to an object in the informer's store.</summary>
public enum InformerEventKind
{
    /// <summary>Seen for the first time (initial list, relist or watch).</summary>
    Added,

    /// <summary>A new resourceVersion of a known object.</summary>
    Updated,

    /// <summary>Deleted; also emitted synthetically when a relist no longer contains an object.</summary>
    Deleted,
}
