namespace Rotator.Testbed.Aws;

/// <summary>One HTTP/1.1 request as read off the wire by <see cref="Http1Connection"/>.</summary>
internal sealed record Http1Request(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
