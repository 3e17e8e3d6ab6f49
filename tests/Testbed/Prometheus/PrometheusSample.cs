namespace Rotator.Testbed.Prometheus;

/// <summary>One element of an instant query's vector: its labels (with <c>__name__</c> when kept) and value.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value);
