namespace Rotator.Testbed.DirectoryService;

/// <summary>What the stand-in looks at in an HTTP request, independent of the server that received it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without query.</param>
/// <param name="Query">Raw query without <c>?</c>, or empty.</param>
/// <param name="Header">Header value by case-insensitive name (repeated headers comma-joined), or null.</param>
/// <param name="Body">Request body bytes.</param>
internal sealed record IncomingRequest(string Method, string Path, string Query, Func<string, string?> Header, byte[] Body);
