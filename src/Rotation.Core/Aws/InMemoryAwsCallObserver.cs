using System.Collections.Concurrent;

namespace Rotator.Rotation.Aws;

/// <summary>Keeps every observation in memory: for tests, and for a quick look in the sandbox.</summary>
public sealed class InMemoryAwsCallObserver : IAwsCallObserver
{
    private readonly ConcurrentQueue<AwsCallObservation> observations = new();

    public IReadOnlyList<AwsCallObservation> Observations => [.. observations];

    public void OnAttempt(string service, string operation, string outcome, TimeSpan duration) =>
        observations.Enqueue(new AwsCallObservation(service, operation, outcome, duration));

    public int Count(string operation, string outcome) =>
        observations.Count(o => o.Operation == operation && o.Outcome == outcome);

    public int Count(string operation) => observations.Count(o => o.Operation == operation);
}
