using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.Runtime;

namespace Rotator.Testbed.DirectoryService;

/// <summary>
/// AWS Directory Service on 127.0.0.1, speaking its real JSON 1.1 wire protocol, for what moto does not do:
/// <c>ResetUserPassword</c> (which changes the password of a user in the test bed's slapd, so a rotation changes
/// a real directory) and <c>DescribeDirectories</c>. Requests must be SigV4-signed for service <c>ds</c> with
/// <see cref="Credentials"/>; anything else is refused the way AWS refuses it.
/// </summary>
public sealed class DirectoryServiceStandIn : IAsyncDisposable
{
    /// <summary>The <c>X-Amz-Target</c> prefix of every Directory Service operation.</summary>
    public const string TargetPrefix = "DirectoryService_20150416.";

    private const string ContentType = "application/x-amz-json-1.1";
    private const int MaxBodyBytes = 1 << 20;

    private readonly HttpListener listener;
    private readonly SigV4Verifier verifier;
    private readonly StandInOperations operations;
    private readonly ConcurrentQueue<StandInCall> calls = new();
    private readonly Task serving;

    private DirectoryServiceStandIn(HttpListener listener, Uri endpoint, IReadOnlyList<StandInDirectory> directories, DirectoryServiceStandInOptions options)
    {
        this.listener = listener;
        Endpoint = endpoint;
        Options = options;
        verifier = new SigV4Verifier(options, "ds");
        operations = new StandInOperations(directories, options);
        serving = Task.Run(ServeAsync);
    }

    /// <summary>Base URL to point a Directory Service client at.</summary>
    public Uri Endpoint { get; }

    public DirectoryServiceStandInOptions Options { get; }

    /// <summary>The one identity the stand-in accepts.</summary>
    public AWSCredentials Credentials => new BasicAWSCredentials(Options.AccessKeyId, Options.SecretAccessKey);

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<StandInCall> Calls => [.. calls];

    /// <summary>Starts serving these directories on a free loopback port.</summary>
    public static DirectoryServiceStandIn Start(IEnumerable<StandInDirectory> directories, DirectoryServiceStandInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var list = directories.ToList();
        for (var attempt = 1; ; attempt++)
        {
            // The port is free when asked and taken by the time HttpListener binds it only if something else races us.
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new DirectoryServiceStandIn(listener, new Uri($"http://127.0.0.1:{port}/"), list, options ?? new DirectoryServiceStandInOptions());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone, not Stop then Close: on Linux each of them unregisters the port, and the second finds it gone
        // and binds it again to unregister it, failing with "address already in use" when a parallel test's
        // stand-in has just been given that port.
        listener.Close();
        await serving;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // One request at a time: tests are sequential per stand-in, and the order of calls stays exact.
            await AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"];
        int status;
        string? errorType = null;
        byte[] body;
        try
        {
            body = Dispatch(await ReadAsync(context.Request));
            status = 200;
        }
        catch (DirectoryServiceFault fault)
        {
            (status, errorType, body) = ((int)fault.Status, fault.ErrorType, ErrorBody(fault.ErrorType, fault.Message));
        }
#pragma warning disable CA1031 // A bug in the stand-in must answer 500, not kill the listener loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            (status, errorType, body) = (500, "InternalFailure", ErrorBody("InternalFailure", e.GetType().Name));
        }

        calls.Enqueue(new StandInCall(target, status, errorType));
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        response.ContentLength64 = body.Length;
        try
        {
            await response.OutputStream.WriteAsync(body);
            response.Close();
        }
        catch (HttpListenerException)
        {
            response.Abort();
        }
    }

    private byte[] Dispatch(IncomingRequest request)
    {
        if (request.Method != "POST" || request.Path != "/" || request.Query.Length != 0)
        {
            throw new DirectoryServiceFault("UnknownOperationException", $"Directory Service takes POST / only, not {request.Method} {request.Path}.");
        }

        verifier.Verify(request);
        var mediaType = request.Header("Content-Type")?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new DirectoryServiceFault("SerializationException", $"Content-Type must be {ContentType}, not '{mediaType}'.");
        }

        var target = request.Header("X-Amz-Target");
        if (target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
        {
            throw new DirectoryServiceFault("UnknownOperationException", $"X-Amz-Target '{target}' is not a Directory Service operation.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(request.Body);
        }
        catch (JsonException)
        {
            throw new DirectoryServiceFault("SerializationException", "The request body is not JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DirectoryServiceFault("SerializationException", "The request body must be a JSON object.");
            }

            return operations.Invoke(target[TargetPrefix.Length..], document.RootElement);
        }
    }

    private static async Task<IncomingRequest> ReadAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                throw new DirectoryServiceFault("SerializationException", "The request body is too large.", HttpStatusCode.RequestEntityTooLarge);
            }

            body.Write(chunk, 0, read);
        }

        var url = request.Url!;
        return new IncomingRequest(request.HttpMethod, url.AbsolutePath, url.Query.TrimStart('?'), name => request.Headers[name], body.ToArray());
    }

    private static byte[] ErrorBody(string errorType, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("__type", errorType);
            json.WriteString("Message", message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
