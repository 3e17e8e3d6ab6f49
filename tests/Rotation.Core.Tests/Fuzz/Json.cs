using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>JSON parsing for the test's own use, where "not JSON" is an answer, not a failure.</summary>
internal static class Json
{
    public static bool TryParse(string text, [NotNullWhen(true)] out JsonDocument? document)
    {
        try
        {
            document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            document = null;
            return false;
        }
        catch (ArgumentException)
        {
            // Raw lone surrogates cannot even be transcoded.
            document = null;
            return false;
        }
    }
}
