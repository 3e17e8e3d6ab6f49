using System.Text;

namespace Rotator.Testbed.Fuzz;

/// <summary>
/// One fuzzed secret value: a SecretString (<see cref="Text"/>) or a SecretBinary (<see cref="Bytes"/>), with the
/// <see cref="Marker"/> planted in its values. <see cref="ToString"/> says what shape it is and how big, never what
/// it holds, so a failing assertion cannot print it.
/// </summary>
public sealed record FuzzedSecret
{
    /// <summary>What kind of input this is, e.g. <c>deep-nesting</c>, for failure messages.</summary>
    public required string Shape { get; init; }

    /// <summary>A string no code under test could produce by itself; any output containing it leaked a value.</summary>
    public required string Marker { get; init; }

    public string? Text { get; init; }

    public byte[]? Bytes { get; init; }

    /// <summary>Whether <paramref name="output"/> holds the marker (a leak).</summary>
    public bool LeaksInto(string? output) => output?.Contains(Marker, StringComparison.Ordinal) == true;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Shape = ").Append(Shape)
            .Append(Text is not null ? $", Text = <{Text.Length} chars>" : $", Bytes = <{Bytes?.Length ?? 0} bytes>");
        return true;
    }
}
