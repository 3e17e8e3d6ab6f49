using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Rotator.Testbed.Aws;

/// <summary>
/// An HTTP proxy in front of an AWS JSON-protocol server (moto) that answers a share of the requests with
/// what the real service and network do on a bad day: throttling, 5xx, a request that hangs past the
/// client's deadline, or a response lost after the call took effect (the case that needs idempotent writes).
/// Everything else is forwarded unchanged, <c>Host</c> included, so a server that checks SigV4 signatures (the
/// Directory Service stand-in) sees the request as the client signed it.
/// </summary>
/// <remarks>
/// Each operation draws its faults from its own seeded sequence, so the n-th <c>PutSecretValue</c> meets the
/// same fault on every run however concurrent calls interleave; <see cref="AwsFaultProxyOptions.Planned"/> faults
/// come first and draw nothing.
/// </remarks>
public sealed class AwsFaultProxy : IAsyncDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.1";

    // Set by the HTTP stack (or, for Content-Type, on the content) rather than copied.
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Connection", "Keep-Alive", "Transfer-Encoding", "Expect", "Proxy-Connection",
    };

    private readonly TcpListener listener;
    private readonly Uri upstream;
    private readonly AwsFaultProxyOptions options;
    private readonly HttpClient http = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<AwsProxiedCall> calls = new();
    private readonly ConcurrentDictionary<TcpClient, Task> connections = new();
    private readonly Dictionary<string, Random> choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);
    private readonly Task accepting;

    private AwsFaultProxy(Uri upstream, AwsFaultProxyOptions options)
    {
        this.upstream = upstream;
        this.options = options;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>Where to point the client instead of the upstream.</summary>
    public Uri Url { get; }

    /// <summary>Every request handled so far, in the order they were decided.</summary>
    public IReadOnlyList<AwsProxiedCall> Calls => [.. calls];

    public static AwsFaultProxy Start(Uri upstream, AwsFaultProxyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var chosen = options ?? new AwsFaultProxyOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(chosen.Probability, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chosen.Probability, 1, nameof(options));
        return new AwsFaultProxy(upstream, chosen);
    }

    /// <summary>How many requests met <paramref name="fault"/>, of <paramref name="operation"/> only when given.</summary>
    public int Count(AwsFault fault, string? operation = null) =>
        calls.Count(c => c.Fault == fault && (operation is null || c.Operation == operation));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        foreach (var client in connections.Keys)
        {
            client.Dispose();
        }

        await Task.WhenAll(connections.Values);
        http.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            // Each connection on its own: the client runs many calls at once, and a held request must not stall the rest.
            connections[client] = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var connection = new Http1Connection(client.GetStream());
            while (await connection.ReadRequestAsync(stopping.Token) is { } request)
            {
                if (!await HandleAsync(connection, request))
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, the upstream is down, or the proxy is stopping: the client sees a broken connection.
        }
        finally
        {
            try
            {
                // A reset rather than an orderly close: what a lost answer looks like to the client. A client
                // DisposeAsync disposed already has no socket any more.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
            }
            catch (ObjectDisposedException)
            {
                // DisposeAsync closed the connection already, to end a read that was waiting for the next request.
            }

            client.Dispose();
            connections.TryRemove(client, out _);
        }
    }

    /// <returns>Whether the connection stays open for the next request.</returns>
    private async Task<bool> HandleAsync(Http1Connection connection, Http1Request request)
    {
        var target = request.Header("X-Amz-Target") ?? "";
        var operation = target[(target.LastIndexOf('.') + 1)..];
        var (fault, position) = Decide(operation);
        calls.Enqueue(new AwsProxiedCall(operation, fault));
        switch (fault)
        {
            case AwsFault.Throttling:
                await AnswerErrorAsync(connection, HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
                return true;
            case AwsFault.ServerError:
                // Half and half: both are what Secrets Manager's clients see and retry.
                await (position < 0.5
                    ? AnswerErrorAsync(connection, HttpStatusCode.InternalServerError, "InternalServiceError", "An internal error occurred")
                    : AnswerErrorAsync(connection, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Service unavailable"));
                return true;
            case AwsFault.Timeout:
                await Task.Delay(options.Hold, stopping.Token);
                return false;
            default:
                break;
        }

        using var forwarded = await ForwardAsync(request);
        var body = await forwarded.Content.ReadAsByteArrayAsync(stopping.Token);
        if (fault == AwsFault.DroppedResponse)
        {
            // The upstream has done the work; the client never learns it.
            return false;
        }

        // The request id is all a client reads from the headers besides the content type.
        var headers = forwarded.Headers.Where(h => h.Key.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key, string.Join(',', h.Value)))
            .Append(KeyValuePair.Create("Content-Type", forwarded.Content.Headers.ContentType?.ToString() ?? JsonContentType));
        await connection.WriteResponseAsync((int)forwarded.StatusCode, headers, body, stopping.Token);
        return !string.Equals(request.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
    }

    /// <returns>The fault, and where the draw fell within that fault's share (0 to 1), to pick a variant.</returns>
    private (AwsFault Fault, double Position) Decide(string operation)
    {
        lock (choices)
        {
            var index = seen.GetValueOrDefault(operation);
            seen[operation] = index + 1;
            if (options.Planned.TryGetValue(operation, out var planned) && index < planned.Count)
            {
                return (planned[index], 0);
            }

            if (!choices.TryGetValue(operation, out var random))
            {
                random = new Random(options.Seed ^ StableHash(operation));
                choices[operation] = random;
            }

            var draw = random.NextDouble();
            if (draw >= options.Probability || options.Faults.Count == 0)
            {
                return (AwsFault.None, 0);
            }

            var scaled = draw / options.Probability * options.Faults.Count;
            var fault = Math.Min((int)scaled, options.Faults.Count - 1);
            return (options.Faults[fault], scaled - fault);
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(Http1Request request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, request.Target))
        {
            Content = new ByteArrayContent(request.Body),
        };
        foreach (var (name, value) in request.Headers.Where(h => !NotCopied.Contains(h.Key)))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        // The client signed the Host it sent to us; a signature-checking upstream must see the same one.
        message.Headers.Host = request.Header("Host");
        if (request.Header("Content-Type") is { } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, stopping.Token);
    }

    private Task AnswerErrorAsync(Http1Connection connection, HttpStatusCode status, string type, string message)
    {
        // The JSON protocol's error shape, as Secrets Manager sends it.
        var body = Encoding.UTF8.GetBytes($$"""{"__type":"{{type}}","message":"{{message}}"}""");
        return connection.WriteResponseAsync(
            (int)status,
            [KeyValuePair.Create("Content-Type", JsonContentType), KeyValuePair.Create("x-amzn-RequestId", Guid.NewGuid().ToString())],
            body,
            stopping.Token);
    }

    /// <summary>A hash that is the same in every process (<see cref="string.GetHashCode()"/> is not).</summary>
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
