using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>Desired state: which AWS secret, how it rotates, where it is mirrored, who restarts.</summary>
public sealed record RotatingSecretSpec
{
    /// <summary>AWS Secrets Manager secret name or ARN. Subject to the namespace's tenancy policy.</summary>
    [Required]
    [MinLength(1)]
    [MaxLength(2048)]
    public string SecretId { get; init; } = "";

    /// <summary>AWS region; default: the operator's region.</summary>
    [RegularExpression(SchemaPatterns.Region)]
    public string? Region { get; init; }

    /// <summary>IAM role assumed for this resource, with session tags naming its namespace and name.</summary>
    [RegularExpression(SchemaPatterns.RoleArn)]
    public string? RoleArn { get; init; }

    /// <summary>Rotation settings.</summary>
    [Required]
    public RotationSpec Rotation { get; init; } = new();

    /// <summary>The mirrored Kubernetes Secret.</summary>
    public TargetSpec? Target { get; init; }

    /// <summary>How often AWS is checked for changes made elsewhere (default 5m, at least 10s).</summary>
    [RegularExpression(SchemaPatterns.Duration)]
    public string? RefreshInterval { get; init; }

    /// <summary>Consumer restarts.</summary>
    public RestartSpec? Restart { get; init; }
}
