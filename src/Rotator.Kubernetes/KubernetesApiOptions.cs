namespace Rotator.Kubernetes;

/// <summary>How hard a process may lean on the API server, and how it names itself there.</summary>
public sealed record KubernetesApiOptions
{
    /// <summary>Sustained requests per second (client-go's default is 5; an operator with informers needs few).</summary>
    public double Qps { get; init; } = 20;

    /// <summary>Requests allowed in a burst above <see cref="Qps"/>.</summary>
    public int Burst { get; init; } = 40;

    /// <summary>Deadline of one non-watch request, counted from when it leaves the rate limit's queue.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Recorded in managedFields on every write.</summary>
    public string FieldManager { get; init; } = "rotator";

    /// <summary>How many times a 429 is retried after its Retry-After before it surfaces.</summary>
    public int MaxThrottleRetries { get; init; } = 3;

    public string UserAgent { get; init; } = "rotator/0.1";
}
