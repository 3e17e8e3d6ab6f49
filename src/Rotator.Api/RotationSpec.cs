using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>When and how the secret is rotated.</summary>
public sealed record RotationSpec
{
    /// <summary>Rotation strategy.</summary>
    [Required]
    public RotationStrategy Strategy { get; init; }

    /// <summary>AWS schedule: rate(N minutes|hours|days) or cron(m h dom mon dow year). No schedule: rotate only on request.</summary>
    [RegularExpression(SchemaPatterns.Schedule)]
    public string? Schedule { get; init; }

    /// <summary>A missed slot may still start within this window after it (e.g. 2h).</summary>
    [RegularExpression(SchemaPatterns.Duration)]
    public string? Window { get; init; }

    /// <summary>Rotate once as soon as the resource is created (default false).</summary>
    public bool? RotateOnCreate { get; init; }

    /// <summary>Start no new rotation (scheduled or requested); one already in flight is finished; mirroring continues.</summary>
    public bool? Suspend { get; init; }

    /// <summary>Whether setSecret (the step that changes the target) waits for a person's approval; default Automatic. Manual needs a strategy whose steps the operator runs (not AwsManaged or None).</summary>
    public ApprovalMode? Approval { get; init; }

    /// <summary>With approval Manual: a pending version not approved within this time (e.g. 24h) is discarded (AWSPENDING removed, history result Expired). No timeout: it waits until approved.</summary>
    [RegularExpression(SchemaPatterns.Duration)]
    public string? ApprovalTimeout { get; init; }

    /// <summary>Password policy for new passwords.</summary>
    public PasswordSpec? Password { get; init; }

    /// <summary>MySQL settings.</summary>
    public MySqlSpec? Mysql { get; init; }

    /// <summary>PostgreSQL settings.</summary>
    public PostgreSqlSpec? Postgresql { get; init; }

    /// <summary>Directory Service settings.</summary>
    public DirectoryServiceSpec? DirectoryService { get; init; }

    /// <summary>RandomValue settings.</summary>
    public RandomValueSpec? RandomValue { get; init; }
}
