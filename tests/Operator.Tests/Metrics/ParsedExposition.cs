namespace Rotator.Operator.Tests.Metrics;

/// <summary>Exposition text read back: TYPE and HELP per family, and every sample in order.</summary>
internal sealed record ParsedExposition(
    IReadOnlyDictionary<string, string> Types,
    IReadOnlyDictionary<string, string> Help,
    IReadOnlyList<ParsedSample> Samples)
{
    /// <summary>The value of the one sample with this name and exactly these labels, or null.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Samples.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))?.Value;

    public IEnumerable<ParsedSample> Named(string name) => Samples.Where(s => s.Name == name);
}
