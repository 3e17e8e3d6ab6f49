using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws;

/// <summary>
/// AWS JSON 1.1 timestamps: seconds since the Unix epoch as a JSON number, with a fraction
/// (<c>1.523477145713E9</c>). ISO-8601 strings are accepted too, as some emulators send them.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDouble();
            return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }

        if (reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw new JsonException("expected a timestamp");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue((value - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond);
    }
}
