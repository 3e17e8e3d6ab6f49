namespace Rotator.Rotation.Engine;

/// <summary>One step's progress for status, events and metrics. Carries no secret value, by construction.</summary>
public sealed record RotationStepEvent
{
    public required string SecretId { get; init; }

    public required string VersionId { get; init; }

    /// <summary>One of <see cref="RotationStepNames"/>.</summary>
    public required string Step { get; init; }

    /// <summary>The strategy's name, e.g. <c>RandomValue</c>.</summary>
    public required string Strategy { get; init; }

    /// <summary>How long the step took; zero when it starts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Machine-readable reason, when the step failed.</summary>
    public string? Reason { get; init; }

    /// <summary>Safe text: what happened, when the step failed.</summary>
    public string? Message { get; init; }
}
