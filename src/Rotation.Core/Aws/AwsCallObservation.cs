namespace Rotator.Rotation.Aws;

/// <summary>One attempt as an <see cref="InMemoryAwsCallObserver"/> recorded it.</summary>
public sealed record AwsCallObservation(string Service, string Operation, string Outcome, TimeSpan Duration);
