namespace Rotator.Benchmarks;

/// <summary>What <see cref="InformerBenchmark"/> loads and measures.</summary>
public sealed record InformerBenchmarkOptions
{
    /// <summary>RotatingSecret objects the informer will hold.</summary>
    public required int Count { get; init; }

    /// <summary>Namespaces the objects are spread over (round robin).</summary>
    public int Namespaces { get; init; } = 1;

    /// <summary>Namespaces are <c>{prefix}-0</c> .. <c>{prefix}-{Namespaces-1}</c>.</summary>
    public string NamespacePrefix { get; init; } = "rotator-bench";

    /// <summary>
    /// Value of the <c>rotator.io/bench</c> label on every object of this set; the informer selects on
    /// it, so other RotatingSecrets in the cluster (and other sets) do not count.
    /// </summary>
    public string Set { get; init; } = "informer";

    /// <summary>Creates (and deletes of extras) in flight at once while loading.</summary>
    public int Concurrency { get; init; } = 32;
}
