namespace Rotator.Rotation.Engine;

/// <summary>Puts a run's notes at the end of its outcome message, so status shows them without knowing of them.</summary>
internal static class RotationNotesText
{
    public static string Append(string message, IReadOnlyList<string> notes) =>
        notes.Count == 0 ? message : $"{message}; {string.Join("; ", notes)}";
}
