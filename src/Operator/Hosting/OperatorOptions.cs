using System.Collections.Immutable;

namespace Rotator.Operator.Hosting;

/// <summary>
/// Everything the operator process is told at start. Read by <see cref="OperatorOptionsReader"/> from
/// command-line arguments, <c>ROTATOR_</c> environment variables and an optional JSON file; the
/// settings are listed in <c>docs/configuration.md</c>.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>kubeconfig file; null = in-cluster, else <c>KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>kubeconfig context; null = its <c>current-context</c>.</summary>
    public string? Context { get; init; }

    /// <summary>Campaign for a Lease before reconciling. Off only when exactly one replica runs.</summary>
    public bool LeaderElection { get; init; } = true;

    public required string LeaseNamespace { get; init; }

    public string LeaseName { get; init; } = "rotator-leader";

    /// <summary>This process's name in the Lease and in the Events it writes.</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconcile workers per controller (and per watched namespace).</summary>
    public int Workers { get; init; } = 2;

    public double Qps { get; init; } = 20;

    public int Burst { get; init; } = 40;

    public LogFormat LogFormat { get; init; } = LogFormat.Plain;

    /// <summary>Where <c>/healthz</c> and <c>/readyz</c> are served, e.g. <c>http://0.0.0.0:8080</c>.</summary>
    public required string Listen { get; init; }

    /// <summary>Namespaces to watch; empty = all of them.</summary>
    public ImmutableArray<string> Namespaces { get; init; } = [];

    /// <summary>The JSON file the settings were partly read from, if any (for the start-up log).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>AWS region for resources that name none; default: the standard AWS environment (AWS_REGION).</summary>
    public string? Region { get; init; }

    /// <summary>How often AWS is checked for changes made elsewhere when a resource sets no <c>refreshInterval</c>.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Take over an AWSPENDING rotation started elsewhere once it is older than this; never when null.</summary>
    public TimeSpan? TakeOverPendingAfter { get; init; }

    /// <summary>Failed attempts of one rotation before it is abandoned (AWSPENDING removed, AWSCURRENT untouched).</summary>
    public int MaxRotationAttempts { get; init; } = 5;

    /// <summary>
    /// PEM file of the CA that signs the databases' server certificates, for resources with <c>mysql.tls: VerifyCA</c>.
    /// An operator setting, not a resource field: a namespace's user must not be able to point the operator at files
    /// on its file system; the cluster admin mounts the bundle (the chart's <c>mysql.caBundle</c>).
    /// </summary>
    public string? MySqlCaFile { get; init; }

    /// <summary>
    /// PEM file of the CA that signs PostgreSQL servers' certificates, for resources with <c>postgresql.tls: VerifyCA</c>
    /// or <c>VerifyFull</c>; an operator setting for the same reason as <see cref="MySqlCaFile"/> (the chart's
    /// <c>postgresql.caBundle</c>).
    /// </summary>
    public string? PostgreSqlCaFile { get; init; }

    /// <summary>
    /// PEM file of the CAs that sign the LDAP servers' certificates, which DirectoryServiceAdmin checks over LDAPS or
    /// StartTLS (the chain and the host name, always); the system's trusted CAs when null. An operator setting for the
    /// same reason as <see cref="MySqlCaFile"/> (the chart's <c>ldap.caBundle</c>).
    /// </summary>
    public string? LdapCaFile { get; init; }

    /// <summary>Cluster-admin tenancy policy: namespace (or <c>*</c>) to the AWS secret-id globs its RotatingSecrets may use.</summary>
    public ImmutableDictionary<string, IReadOnlyList<string>> Tenancy { get; init; } = ImmutableDictionary<string, IReadOnlyList<string>>.Empty;
}
