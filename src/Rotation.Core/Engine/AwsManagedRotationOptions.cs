namespace Rotator.Rotation.Engine;

/// <summary>How <see cref="AwsManagedRotation"/> waits for Secrets Manager to finish a rotation it runs itself.</summary>
public sealed record AwsManagedRotationOptions
{
    /// <summary>The first pause between checks; it doubles up to <see cref="MaxPollDelay"/>.</summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long to wait for AWSCURRENT to move. A rotation Lambda runs up to 15 minutes per step, but most
    /// finish in seconds; past this the run fails and the next one waits again.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The rotation function to set with RotateSecret; null keeps whatever the secret has.</summary>
    public string? RotationLambdaArn { get; init; }
}
