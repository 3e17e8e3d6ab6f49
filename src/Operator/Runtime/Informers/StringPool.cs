using System.Collections.Concurrent;

namespace Rotator.Operator.Runtime.Informers;

/// <summary>
/// One copy of each string that repeats across cached objects: namespaces, label and annotation keys, common
/// label values, owner kinds, condition types and reasons. The JSON reader makes a fresh string for every
/// occurrence, so ten thousand cached objects otherwise hold ten thousand copies of "app.kubernetes.io/managed-by".
/// Bounded, unlike <see cref="string.Intern(string)"/>: past <see cref="Capacity"/> distinct strings a value
/// is kept as it is, so whatever users put in their labels cannot grow the pool without end.
/// </summary>
public sealed class StringPool(int capacity = 16_384)
{
    private readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);

    /// <summary>The pool the informers share, so a namespace name is held once for both caches.</summary>
    public static StringPool Shared { get; } = new();

    public int Capacity { get; } = capacity;

    public int Count => pool.Count;

    public string? Intern(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        return pool.Count < Capacity ? pool.GetOrAdd(value, value) : value;
    }

    /// <summary>
    /// A right-sized copy of <paramref name="map"/> with pooled keys, and pooled values when
    /// <paramref name="values"/> (label values repeat; annotation values such as version ids do not).
    /// </summary>
    public IDictionary<string, string>? Intern(IDictionary<string, string>? map, bool values) =>
        InternKeys(map, values ? value => Intern(value)! : value => value);

    /// <summary>A right-sized copy of <paramref name="map"/> with pooled keys and each value as <paramref name="value"/> makes it.</summary>
    public Dictionary<string, TValue>? InternKeys<TValue>(IDictionary<string, TValue>? map, Func<TValue, TValue> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (map is null)
        {
            return null;
        }

        var copy = new Dictionary<string, TValue>(map.Count, StringComparer.Ordinal);
        foreach (var (key, item) in map)
        {
            copy[Intern(key)!] = value(item);
        }

        return copy;
    }
}
