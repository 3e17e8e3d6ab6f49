namespace Rotator.Rotation.Aws;

/// <summary>
/// Sees every attempt of every AWS call, for metrics. Implementations must be cheap and thread-safe:
/// they run inline on the calling path.
/// </summary>
public interface IAwsCallObserver
{
    /// <summary>One HTTP attempt finished.</summary>
    /// <param name="service">Endpoint prefix of the service, e.g. <c>secretsmanager</c>.</param>
    /// <param name="operation">The operation, e.g. <c>GetSecretValue</c>.</param>
    /// <param name="outcome">One of <see cref="AwsCallOutcomes"/>, or the AWS error code of a final failure.</param>
    /// <param name="duration">How long the attempt took on the wire (not the backoff or rate-limit wait before it).</param>
    void OnAttempt(string service, string operation, string outcome, TimeSpan duration);
}
