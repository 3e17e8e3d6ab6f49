namespace Rotator.Rotation.Aws.Errors;

/// <summary>No answer from the service: connection failures or per-attempt timeouts on every attempt.</summary>
public sealed class AwsTransportException : Exception
{
    public AwsTransportException()
    {
    }

    public AwsTransportException(string message)
        : base(message)
    {
    }

    public AwsTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AwsTransportException(string service, string operation, Uri endpoint, int attempts, bool timedOut, Exception innerException)
        : base($"{service}.{operation}: {(timedOut ? "no answer in time" : "could not connect")} from {endpoint.GetLeftPart(UriPartial.Authority)} after {attempts} attempt(s): {innerException?.Message}", innerException)
    {
        Service = service;
        Operation = operation;
        Attempts = attempts;
        TimedOut = timedOut;
    }

    public string Service { get; } = "";

    public string Operation { get; } = "";

    public int Attempts { get; }

    /// <summary>True when the last attempt ran out of time rather than failing to connect.</summary>
    public bool TimedOut { get; }
}
