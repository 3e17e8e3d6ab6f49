using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>RandomValue strategy settings.</summary>
public sealed record RandomValueSpec
{
    /// <summary>JSON field to regenerate; the whole SecretString if not set or the secret is not JSON.</summary>
    [MaxLength(256)]
    public string? Field { get; init; }
}
