namespace Rotator.Rotation.Aws;

/// <summary>Observes nothing: the default until a metrics exporter is wired in.</summary>
public sealed class NullAwsCallObserver : IAwsCallObserver
{
    public static NullAwsCallObserver Instance { get; } = new();

    public void OnAttempt(string service, string operation, string outcome, TimeSpan duration)
    {
    }
}
