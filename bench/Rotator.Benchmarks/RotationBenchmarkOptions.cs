using Microsoft.Extensions.Logging;
using Rotator.Api;

namespace Rotator.Benchmarks;

/// <summary>What <see cref="RotationBenchmark"/> creates, how the operator runs, and how the rotations are made due.</summary>
public sealed record RotationBenchmarkOptions
{
    /// <summary>MySQL alternating-users RotatingSecrets, each with its own database user, AWS secret and Deployment.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Namespaces the RotatingSecrets are spread over (one admin secret in each: tenancy).</summary>
    public int Namespaces { get; init; } = 4;

    /// <summary>How all rotations become due at one moment.</summary>
    public RotationDueBy DueBy { get; init; } = RotationDueBy.Schedule;

    /// <summary>
    /// With <see cref="RotationDueBy.Schedule"/>: margin on top of the expected time to patch every schedule in
    /// and for the operator to take the patches in; the slot is the first whole minute after that.
    /// </summary>
    public TimeSpan ScheduleLead { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The operator's <c>--workers</c>; null keeps its default.</summary>
    public int? Workers { get; init; }

    /// <summary>The operator's <c>--qps</c>; null keeps its default.</summary>
    public double? Qps { get; init; }

    /// <summary>The operator's <c>--burst</c>; null keeps its default.</summary>
    public int? Burst { get; init; }

    /// <summary>The operator's <c>--refresh-interval</c>: long, so refreshes stay out of the way of the rotations.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>kubeconfig for the operator and the benchmark's own client (null: KUBECONFIG, ~/.kube/config).</summary>
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Secrets Manager endpoint (moto); the benchmark creates and deletes secrets there.</summary>
    public required Uri AwsEndpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>The MySQL or MariaDB server whose users are rotated; the admin login creates and drops them.</summary>
    public required MySqlAdmin MySql { get; init; }

    /// <summary>TLS from the operator to the database (<c>spec.rotation.mysql.tls</c>).</summary>
    public TlsMode MySqlTls { get; init; } = TlsMode.Required;

    /// <summary>The run's namespaces are <c>{prefix}-{random}-{i}</c>, created for it and deleted after.</summary>
    public string NamespacePrefix { get; init; } = "rotator-bench-rot";

    /// <summary>Creates in flight at once while loading (users, AWS secrets, Kubernetes objects).</summary>
    public int LoadConcurrency { get; init; } = 16;

    /// <summary>ListSecretVersionIds calls in flight at once while watching for overlapping rotations.</summary>
    public int PollConcurrency { get; init; } = 2;

    /// <summary>Give up when the initial mirroring or the rotations take longer than this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The operator's log level (its logs go where the benchmark's do).</summary>
    public LogLevel OperatorLogLevel { get; init; } = LogLevel.Warning;
}
