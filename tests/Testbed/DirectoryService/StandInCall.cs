namespace Rotator.Testbed.DirectoryService;

/// <summary>One request the stand-in answered.</summary>
/// <param name="Target">The <c>X-Amz-Target</c> header (null when missing).</param>
/// <param name="StatusCode">HTTP status sent back.</param>
/// <param name="ErrorType">The <c>__type</c> of the error sent back, or null on success.</param>
public sealed record StandInCall(string? Target, int StatusCode, string? ErrorType);
