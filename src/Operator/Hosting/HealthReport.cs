namespace Rotator.Operator.Hosting;

/// <summary>One probe's answer: 200 with <see cref="Detail"/> when <see cref="Healthy"/>, else 503 with it.</summary>
public sealed record HealthReport(bool Healthy, string Detail);
