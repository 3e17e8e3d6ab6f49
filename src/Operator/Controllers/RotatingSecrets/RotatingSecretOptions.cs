using Rotator.Operator.Controllers.Tenancy;
using Rotator.Operator.Hosting;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>The RotatingSecret controller's settings (from the operator's configuration; tests shorten the waits).</summary>
public sealed record RotatingSecretOptions
{
    /// <summary>Refresh interval for resources that set none.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Cluster-admin tenancy policy.</summary>
    public TenancyPolicy Tenancy { get; init; } = new();

    /// <summary>Failed attempts of one rotation before it is abandoned.</summary>
    public int MaxRotationAttempts { get; init; } = 5;

    /// <summary>Take over an AWSPENDING rotation started elsewhere once older than this; never when null.</summary>
    public TimeSpan? TakeOverPendingAfter { get; init; }

    /// <summary>
    /// The operator's CA files: for databases with <c>tls: VerifyCA</c> or <c>VerifyFull</c> (<c>--mysql-ca-file</c>,
    /// <c>--postgresql-ca-file</c>) and for the LDAP servers of DirectoryServiceAdmin (<c>--ldap-ca-file</c>).
    /// </summary>
    public OperatorCaFiles CaFiles { get; init; } = new();

    /// <summary>First retry delay after a failed rotation; doubles per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between rotation retries.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>After a rotation is abandoned, how long its schedule or rotateOnCreate waits before a new attempt (rotate-now does not wait).</summary>
    public TimeSpan RetryAfterAbandoned { get; init; } = RotationTrigger.DefaultRetryAfterAbandoned;

    /// <summary>How often a rollout in progress is looked at.</summary>
    public TimeSpan RolloutPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an AwsManaged rotation is waited for within one reconcile before it is looked at again later.</summary>
    public TimeSpan AwsManagedWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Rotations kept in <c>status.history</c> (API.md: the last 10).</summary>
    public int HistoryLimit { get; init; } = 10;

    /// <summary>Restart records kept in <c>status.restarts</c>.</summary>
    public int RestartLimit { get; init; } = 20;

    /// <summary>The settings the operator's configuration sets; the waits keep their defaults.</summary>
    public static RotatingSecretOptions From(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RotatingSecretOptions
        {
            RefreshInterval = options.RefreshInterval,
            Tenancy = new TenancyPolicy(options.Tenancy),
            MaxRotationAttempts = options.MaxRotationAttempts,
            TakeOverPendingAfter = options.TakeOverPendingAfter,
            CaFiles = new OperatorCaFiles(options.MySqlCaFile, options.PostgreSqlCaFile, options.LdapCaFile),
        };
    }
}
