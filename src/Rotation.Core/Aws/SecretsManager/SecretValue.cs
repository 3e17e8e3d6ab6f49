using System.Text;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// One version of a secret with its value (GetSecretValue, BatchGetSecretValue). <see cref="ToString"/>
/// leaves the value out: a record's generated ToString would print it into any log line or assertion
/// message the record ends up in.
/// </summary>
public sealed record SecretValue
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string VersionId { get; init; } = "";

    /// <summary>The value, for string secrets.</summary>
    public string? SecretString { get; init; }

    /// <summary>The value, for binary secrets (base64 on the wire).</summary>
    public byte[]? SecretBinary { get; init; }

    public IReadOnlyList<string> VersionStages { get; init; } = [];

    public DateTimeOffset? CreatedDate { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Arn = ").Append(Arn)
            .Append(", Name = ").Append(Name)
            .Append(", VersionId = ").Append(VersionId)
            .Append(", VersionStages = [").AppendJoin(", ", VersionStages).Append(']')
            .Append(", Value = ").Append(SecretString is not null ? "<redacted string>" : SecretBinary is not null ? "<redacted binary>" : "<none>");
        return true;
    }
}
