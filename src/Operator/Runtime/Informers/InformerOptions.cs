namespace Rotator.Operator.Runtime.Informers;

/// <summary>What an informer watches and how it recovers.</summary>
public sealed record InformerOptions
{
    /// <summary>Null = all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>Scope the cache, e.g. to Secrets labelled <c>app.kubernetes.io/managed-by=rotator</c>, so unrelated objects cost no memory.</summary>
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size of the initial list and relists.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Server-side watch timeout is drawn between this and twice this (client-go: 5..10 minutes), so reconnects spread out.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch that delivers nothing (not even a bookmark) for this long after its server timeout should
    /// have ended it is presumed dead (a half-open TCP connection) and re-established.
    /// </summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long without an error the backoff starts again from <see cref="BackoffInitial"/>.</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromMinutes(2);
}
