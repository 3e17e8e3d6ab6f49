using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies;

/// <summary>
/// Rotates values that no external system has to accept (API keys, tokens, signing keys): the new value
/// is simply random. With <see cref="RandomValueSettings.Field"/> it regenerates that one field of
/// a JSON object and keeps every other field as it was (a secret that is not such an object is refused, see
/// <see cref="ValidateAsync"/>); without it, the whole SecretString, JSON or not; a binary
/// secret gets <see cref="RandomValueSettings.BinaryLength"/> random bytes (the current length when unset; set on a
/// SecretString, it is refused). There is no target, so
/// setSecret and restore do nothing and testSecret checks the pending value itself.
/// </summary>
public sealed class RandomValueStrategy : IRotationStrategy
{
    /// <summary>Bytes for a binary secret when neither the setting nor the current value gives a length.</summary>
    public const int DefaultBinaryLength = 32;

    /// <summary>Secrets Manager's size limit for a value.</summary>
    public const int MaxBinaryLength = 65536;

    public const string SecretNotJson = "SecretNotJson";
    public const string FieldMissing = "FieldMissing";
    public const string FieldNotString = "FieldNotString";
    public const string SecretEmpty = "SecretEmpty";
    public const string InvalidBinaryLength = "InvalidBinaryLength";
    public const string SecretNotBinary = "SecretNotBinary";

    // Relaxed escaping keeps untouched fields byte-for-byte readable (no \u0027 for an apostrophe).
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly RandomValueSettings settings;

    /// <param name="settings">The field or binary length to regenerate; the whole value when null.</param>
    public RandomValueStrategy(RandomValueSettings? settings = null) => this.settings = settings ?? new RandomValueSettings();

    public string Name => StrategyNames.RandomValue;

    /// <remarks>
    /// A configured field is a promise that the secret is a JSON object holding it, so a secret that breaks the promise
    /// (text that is not JSON, a JSON array or scalar, a binary value, an object without the field) is refused rather
    /// than replaced whole: replacing it would destroy the other fields of a secret that was meant to be JSON and was
    /// edited into something else by mistake. The whole SecretString is regenerated only when no field is configured.
    /// </remarks>
    public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = context.Current;
        if (current.SecretBinary is not null)
        {
            if (settings.Field is { } binaryField)
            {
                throw Refused(
                    SecretNotJson,
                    $"secret '{context.SecretId}' version {current.VersionId} is binary, not JSON; the RandomValue field '{binaryField}' needs a JSON object (remove the field to regenerate the whole value)");
            }

            if (settings.BinaryLength is { } length and (< 1 or > MaxBinaryLength))
            {
                throw Refused(InvalidBinaryLength, $"randomValue.binaryLength must be between 1 and {MaxBinaryLength}, not {length}");
            }

            return Task.CompletedTask;
        }

        if (current.SecretString is null)
        {
            throw Refused(SecretEmpty, $"secret '{context.SecretId}' version {current.VersionId} has no value to rotate");
        }

        if (settings.BinaryLength is not null)
        {
            // A length in bytes says the secret is meant to be binary; turning a SecretString into bytes (or ignoring the
            // length) would surprise whoever reads it, so the mismatch is reported instead.
            throw Refused(
                SecretNotBinary,
                $"secret '{context.SecretId}' version {current.VersionId} is a SecretString, not binary; randomValue.binaryLength applies only to a SecretBinary (remove it to regenerate the string)");
        }

        if (settings.Field is { } field)
        {
            _ = FieldOf(ParseOrRefuse(current, field), field, current, Refused);
        }

        return Task.CompletedTask;
    }

    public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = context.Current;
        if (current.SecretBinary is { } bytes)
        {
            var length = settings.BinaryLength ?? (bytes.Length > 0 ? bytes.Length : DefaultBinaryLength);
            var fresh = RandomNumberGenerator.GetBytes(length);
            try
            {
                return Task.FromResult(SecretPayload.FromBytes(fresh));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(fresh);
            }
        }

        if (settings.Field is not { } field)
        {
            return Task.FromResult(SecretPayload.FromString(context.Passwords.NewPassword()));
        }

        var json = ParseOrRefuse(current, field);
        json[field] = context.Passwords.NewPassword();
        return Task.FromResult(SecretPayload.FromString(json.ToJsonString(Output)));
    }

    public Task SetAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task TestAsync(RotationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = context.Current;
        var pending = context.Pending ?? throw Failed("there is no pending value to test");
        if (current.SecretBinary is { } currentBytes)
        {
            if (pending.SecretBinary is not { Length: > 0 } pendingBytes)
            {
                throw Failed($"pending version {pending.VersionId} is not a non-empty binary value");
            }

            if (CryptographicOperations.FixedTimeEquals(pendingBytes, currentBytes))
            {
                throw Failed($"pending version {pending.VersionId} equals the current value");
            }

            return Task.CompletedTask;
        }

        if (settings.Field is { } field)
        {
            JsonObject json;
            try
            {
                json = SecretJson.ParseObject(pending);
            }
            catch (SecretFormatException e)
            {
                throw new RotationTestFailedException($"the pending value does not parse: {e.Message}", e);
            }

            var fresh = FieldOf(json, field, pending, Failed);
            var old = FieldOf(SecretJson.ParseObject(current), field, current, Failed);
            if (fresh.Length == 0 || fresh == old)
            {
                throw Failed($"field '{field}' of pending version {pending.VersionId} is empty or equals the current one");
            }

            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(pending.SecretString) || pending.SecretString == current.SecretString)
        {
            throw Failed($"pending version {pending.VersionId} is empty, binary, or equals the current value");
        }

        return Task.CompletedTask;
    }

    public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    private static JsonObject ParseOrRefuse(SecretValue value, string field)
    {
        try
        {
            return SecretJson.ParseObject(value);
        }
        catch (SecretFormatException e)
        {
            // SecretFormatException's message names the secret, version and position, never the value.
            throw new RotationRefusedException(
                $"{e.Message}; the RandomValue field '{field}' needs a JSON object (remove the field to regenerate the whole value)", e)
            {
                Reason = SecretNotJson,
            };
        }
    }

    private static string FieldOf(JsonObject json, string field, SecretValue value, Func<string, string, Exception> error)
    {
        if (!json.TryGetPropertyValue(field, out var node))
        {
            throw error(FieldMissing, $"secret '{value.Name}' version {value.VersionId} has no field '{field}' to regenerate");
        }

        if (node is not JsonValue scalar || !scalar.TryGetValue<string>(out var text))
        {
            throw error(FieldNotString, $"field '{field}' of secret '{value.Name}' version {value.VersionId} is not a string");
        }

        return text;
    }

    private static RotationRefusedException Refused(string reason, string message) => new(message) { Reason = reason };

    private static RotationTestFailedException Failed(string reason, string message) => new(message) { Reason = reason };

    private static RotationTestFailedException Failed(string message) => new(message);
}
