using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>Counts of requests by kind at one moment, or between two moments (<see cref="Minus"/>).</summary>
/// <typeparam name="TKey">What is counted: a <see cref="KubernetesRequest"/>, an AWS operation name.</typeparam>
public sealed record RequestTally<TKey>(IReadOnlyDictionary<TKey, long> Counts)
    where TKey : notnull
{
    public long Total => Counts.Values.Sum();

    public long this[TKey key] => Counts.TryGetValue(key, out var count) ? count : 0;

    public long Sum(Func<TKey, bool> which) => Counts.Where(kv => which(kv.Key)).Sum(kv => kv.Value);

    /// <summary>What happened since <paramref name="earlier"/>; kinds that did not grow are left out.</summary>
    public RequestTally<TKey> Minus(RequestTally<TKey> earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new(Counts
            .Select(kv => (kv.Key, Value: kv.Value - earlier[kv.Key]))
            .Where(kv => kv.Value != 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    /// <summary>"<c>get secrets 2.00, patch rotatingsecrets 1.00</c>": each kind divided by <paramref name="per"/>, largest first.</summary>
    public string Describe(double per, Func<TKey, bool>? which = null)
    {
        var parts = Counts
            .Where(kv => which?.Invoke(kv.Key) ?? true)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key.ToString(), StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / per:0.###}"))
            .ToList();
        return parts.Count == 0 || per <= 0 ? "none" : string.Join(", ", parts);
    }
}
