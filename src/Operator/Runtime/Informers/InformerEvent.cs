namespace Rotator.Operator.Runtime.Informers;

/// <summary>A change to the store. <see cref="Previous"/> is set for updates.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Item">The object now (for deletes: its last known state).</param>
/// <param name="Previous">The object before an update.</param>
/// <param name="FromRelist">True when produced by a list rather than a watch event (initial sync or recovery).</param>
public sealed record InformerEvent<T>(InformerEventKind Kind, T Item, T? Previous, bool FromRelist)
    where T : class;
