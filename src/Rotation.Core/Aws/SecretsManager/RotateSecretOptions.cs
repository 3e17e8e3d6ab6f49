namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>RotateSecret's optional parameters.</summary>
public sealed record RotateSecretOptions
{
    /// <summary>Idempotency token; a fresh one is made per call when null.</summary>
    public string? ClientRequestToken { get; init; }

    public string? RotationLambdaArn { get; init; }

    public RotationRules? RotationRules { get; init; }

    /// <summary>False to only set the schedule; the service rotates immediately when null.</summary>
    public bool? RotateImmediately { get; init; }
}
