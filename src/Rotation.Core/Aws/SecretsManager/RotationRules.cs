namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret's rotation schedule.</summary>
public sealed record RotationRules
{
    public long? AutomaticallyAfterDays { get; init; }

    /// <summary>Rotation window length, e.g. <c>3h</c>.</summary>
    public string? Duration { get; init; }

    /// <summary><c>rate(10 days)</c> or <c>cron(0 16 1,15 * ? *)</c>.</summary>
    public string? ScheduleExpression { get; init; }
}
