using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>
/// A family whose samples are told apart by a fixed list of label names: one child per tuple of values,
/// created on first use and kept until <see cref="Remove"/>. Callers on a hot path keep the child
/// <see cref="WithLabels"/> returned instead of looking it up each time.
/// </summary>
/// <typeparam name="TChild">What one tuple of label values holds: a counter, a gauge or a histogram.</typeparam>
public abstract class LabelledFamily<TChild> : MetricFamily
    where TChild : class
{
    private readonly ConcurrentDictionary<string[], LabelledChild<TChild>> children = new(LabelValuesComparer.Instance);
    private readonly ConcurrentDictionary<string[], LabelledChild<TChild>>.AlternateLookup<ReadOnlySpan<string>> lookup;

    private protected LabelledFamily(string name, string help, MetricType type, IReadOnlyList<string> labelNames)
        : base(name, help, type)
    {
        ArgumentNullException.ThrowIfNull(labelNames);
        foreach (var label in labelNames)
        {
            Exposition.ValidateLabelName(label);
        }

        if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Count)
        {
            throw new ArgumentException($"{name}: label names must be distinct.", nameof(labelNames));
        }

        LabelNames = [.. labelNames];
        lookup = children.GetAlternateLookup<ReadOnlySpan<string>>();
    }

    public ImmutableArray<string> LabelNames { get; }

    /// <summary>The child for these label values (in <see cref="LabelNames"/> order), created if it is new.</summary>
    public TChild WithLabels(params ReadOnlySpan<string> values)
    {
        if (values.Length != LabelNames.Length)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Length} label values ({string.Join(", ", LabelNames)}), not {values.Length}.", nameof(values));
        }

        if (lookup.TryGetValue(values, out var existing))
        {
            return existing.Child;
        }

        var key = values.ToArray();
        foreach (var value in key)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
        }

        return children.GetOrAdd(key, static (k, family) => new LabelledChild<TChild>(Exposition.LabelPairs(family.LabelNames, k), family.CreateChild()), this).Child;
    }

    /// <summary>Forgets the child for these values, e.g. a per-resource gauge once the resource is gone; false if there was none.</summary>
    /// <remarks>A caller still holding the removed child may update it, but it is no longer exported.</remarks>
    public bool Remove(params ReadOnlySpan<string> values) => lookup.TryRemove(values, out _);

    /// <summary>Whether a child exists for these values.</summary>
    public bool Contains(params ReadOnlySpan<string> values) => lookup.ContainsKey(values);

    internal override void WriteTo(StringBuilder output)
    {
        var snapshot = children.Values.ToArray();
        if (snapshot.Length == 0)
        {
            return;
        }

        // Sorted so that two scrapes of the same state read the same, whatever the dictionary's order.
        Array.Sort(snapshot, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
        Exposition.AppendHeader(output, Name, Help, Type);
        foreach (var child in snapshot)
        {
            WriteChild(output, child.Labels, child.Child);
        }
    }

    private protected abstract TChild CreateChild();

    private protected abstract void WriteChild(StringBuilder output, string labels, TChild child);
}
