namespace Rotator.Operator.Runtime.Events;

/// <summary>The Event object an aggregated series is written to, and what is not yet written.</summary>
internal sealed class SeriesState(string ns, string name, DateTimeOffset firstSeen)
{
    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public DateTimeOffset FirstSeen { get; } = firstSeen;

    public DateTimeOffset LastSeen { get; set; } = firstSeen;

    public DateTimeOffset LastWritten { get; set; } = firstSeen;

    public int Count { get; set; } = 1;

    public bool Dirty { get; set; }
}
