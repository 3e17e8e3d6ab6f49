namespace Rotator.Operator.Tests.Metrics;

/// <summary>One sample line read back from the exposition text.</summary>
internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
