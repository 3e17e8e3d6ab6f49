using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>RandomValue strategy settings.</summary>
public sealed record RandomValueSpec
{
    /// <summary>The largest binaryLength the schema admits; the RandomValue strategy enforces the same bound (a test holds them equal).</summary>
    public const int MaxBinaryLength = 65536;

    /// <summary>JSON field to regenerate; the whole SecretString if not set. When set, a secret that is not a JSON object with this field is refused.</summary>
    [MaxLength(256)]
    public string? Field { get; init; }

    /// <summary>Length in bytes of a regenerated SecretBinary; default: the current value's length. A secret that is not binary is refused.</summary>
    [Range(1, MaxBinaryLength)]
    public int? BinaryLength { get; init; }
}
