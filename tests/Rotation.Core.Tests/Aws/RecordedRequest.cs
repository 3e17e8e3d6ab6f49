namespace Rotator.Rotation.Tests.Aws;

/// <summary>A request as <see cref="InterceptingHandler"/> saw it.</summary>
/// <param name="Number">1 for the first request through the handler.</param>
/// <param name="Target">The X-Amz-Target header, or null (Query protocol).</param>
/// <param name="Body">The body as text.</param>
/// <param name="Authorization">The Authorization header.</param>
internal sealed record RecordedRequest(int Number, string? Target, string Body, string Authorization);
