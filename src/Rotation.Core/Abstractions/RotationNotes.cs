namespace Rotator.Rotation.Abstractions;

/// <summary>
/// Plain-word remarks a strategy makes during one run for the people who read its outcome (status, events): what it did
/// that they should know about, such as storing a weaker password hash because the server asks for one. Never values.
/// Thread-safe; a note made twice is kept once.
/// </summary>
public sealed class RotationNotes
{
    private readonly List<string> notes = [];
    private readonly Lock gate = new();

    /// <summary>The notes so far, in the order they were first made.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (gate)
            {
                return [.. notes];
            }
        }
    }

    public void Add(string note)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        lock (gate)
        {
            if (!notes.Contains(note, StringComparer.Ordinal))
            {
                notes.Add(note);
            }
        }
    }
}
