using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>RandomValue strategy settings.</summary>
public sealed record RandomValueSpec
{
    /// <summary>JSON field to regenerate; the whole SecretString if not set. When set, a secret that is not a JSON object with this field is refused.</summary>
    [MaxLength(256)]
    public string? Field { get; init; }

    /// <summary>Length in bytes of a regenerated SecretBinary; default: the current value's length. A secret that is not binary is refused.</summary>
    [Range(1, Rotator.Rotation.Strategies.RandomValueStrategy.MaxBinaryLength)]
    public int? BinaryLength { get; init; }
}
