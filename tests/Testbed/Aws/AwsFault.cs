namespace Rotator.Testbed.Aws;

/// <summary>What an <see cref="AwsFaultProxy"/> did with one request.</summary>
public enum AwsFault
{
    /// <summary>Forwarded, and the upstream's answer passed back.</summary>
    None,

    /// <summary>Answered 400 <c>ThrottlingException</c> as Secrets Manager does when the account's rate is spent; not forwarded.</summary>
    Throttling,

    /// <summary>Answered 500 <c>InternalServiceError</c> or 503 <c>ServiceUnavailable</c>; not forwarded.</summary>
    ServerError,

    /// <summary>Held past the client's attempt timeout, then the connection closed; not forwarded.</summary>
    Timeout,

    /// <summary>Forwarded (so the call took effect), then the connection closed without an answer.</summary>
    DroppedResponse,
}
