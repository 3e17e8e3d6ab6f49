namespace Rotator.Testbed;

/// <summary>The moto server that stands in for AWS Secrets Manager.</summary>
public sealed record MotoServer(Uri Url);
