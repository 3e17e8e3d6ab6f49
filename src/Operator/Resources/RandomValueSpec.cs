using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>RandomValue strategy settings.</summary>
public sealed record RandomValueSpec
{
    /// <summary>JSON field to regenerate; the whole SecretString if not set. When set, a secret that is not a JSON object with this field is refused.</summary>
    [MaxLength(256)]
    public string? Field { get; init; }
}
