using System.Globalization;
using System.Text;

namespace Rotator.Testbed.Aws;

/// <summary>
/// The server side of one HTTP/1.1 connection, just enough for an AWS SDK's requests (bodies with
/// Content-Length, keep-alive). Hand-rolled rather than HttpListener because a fault proxy must be able to
/// close a connection without answering, and HttpListener's Abort still sends a 200 with an empty body.
/// </summary>
internal sealed class Http1Connection(Stream stream)
{
    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    private byte[] buffer = new byte[8192];
    private int count;

    /// <returns>The next request, or null when the client closed the connection between requests.</returns>
    public async Task<Http1Request?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = buffer.AsSpan(0, count).IndexOf(EndOfHeaders)) < 0)
        {
            if (count >= MaxHeaderBytes)
            {
                throw new InvalidDataException("request headers too large");
            }

            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken);
            if (read == 0)
            {
                return count == 0 ? null : throw new EndOfStreamException("connection closed inside a request");
            }

            count += read;
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var start = lines[0].Split(' ');
        if (start.Length != 3)
        {
            throw new InvalidDataException("malformed request line");
        }

        var headers = lines.Skip(1).Select(line => line.Split(':', 2)).Where(p => p.Length == 2)
            .Select(p => KeyValuePair.Create(p[0].Trim(), p[1].Trim())).ToList();
        Consume(end + EndOfHeaders.Length);
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidDataException("chunked request bodies are not supported");
        }

        var length = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value is { } text
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        var have = Math.Min(length, count);
        buffer.AsSpan(0, have).CopyTo(body);
        Consume(have);
        if (have < length)
        {
            await stream.ReadExactlyAsync(body.AsMemory(have), cancellationToken);
        }

        return new Http1Request(start[0], start[1], headers, body);
    }

    public async Task WriteResponseAsync(int status, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private void Consume(int bytes)
    {
        buffer.AsSpan(bytes, count - bytes).CopyTo(buffer);
        count -= bytes;
    }
}
