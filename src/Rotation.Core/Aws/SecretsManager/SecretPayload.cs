using System.Text;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// A value to store: a string or bytes, never both (the service takes exactly one). <see cref="ToString"/>
/// says which kind it is and nothing more.
/// </summary>
public sealed record SecretPayload
{
    private SecretPayload(string? text, byte[]? bytes)
    {
        Text = text;
        Bytes = bytes;
    }

    /// <summary>The value as <c>SecretString</c>, or null for a binary value.</summary>
    public string? Text { get; }

    /// <summary>The value as <c>SecretBinary</c>, or null for a string value.</summary>
    public byte[]? Bytes { get; }

    public static SecretPayload FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    /// <summary>A binary value; the bytes are copied, so the caller may clear its buffer.</summary>
    public static SecretPayload FromBytes(ReadOnlySpan<byte> value) => new(null, value.ToArray());

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(Text is not null ? "Text = <redacted>" : "Bytes = <redacted>");
        return true;
    }
}
