using System.Globalization;
using System.Text.Json;

namespace Rotator.Rotation.Aws;

/// <summary>
/// Says where a JSON document failed to parse without saying what was there. System.Text.Json's own
/// messages quote the offending text, which in a secret's JSON is the secret.
/// </summary>
internal static class JsonFailureLocation
{
    public static string Describe(JsonException exception)
    {
        var path = exception.Path is { Length: > 0 } p ? $"at {p}, " : "";
        var line = exception.LineNumber is { } l ? (l + 1).ToString(CultureInfo.InvariantCulture) : "?";
        var position = exception.BytePositionInLine is { } b ? (b + 1).ToString(CultureInfo.InvariantCulture) : "?";
        return $"{path}line {line}, byte {position}";
    }
}
