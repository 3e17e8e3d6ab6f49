using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>
/// 429 handling in the client's pipeline. The API server's priority-and-fairness throttling cannot be
/// provoked on demand, so a loopback HTTP endpoint answers exactly what kube-apiserver answers when it sheds load.
/// </summary>
public sealed class ThrottlingTests
{
    [Fact]
    public async Task Waits_as_told_by_retry_after_then_succeeds()
    {
        await using var server = new ScriptedServer(
            Throttled(retryAfterSeconds: 1),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 61\r\nConnection: close\r\n\r\n" +
            """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"ok1"}}""");
        using var api = Api(server.Url, maxRetries: 3);

        var started = Stopwatch.GetTimestamp();
        var secret = await api.For(ResourceTypes.Secrets).GetAsync("default", "ok1", TestContext.Current.CancellationToken);

        secret!.Metadata.Name.Should().Be("ok1");
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), "Retry-After: 1 was honoured");
        server.Requests.Should().Be(2);
    }

    [Fact]
    public async Task Surfaces_a_typed_exception_with_the_hint_when_throttling_persists()
    {
        await using var server = new ScriptedServer(Throttled(0), Throttled(0), Throttled(7));
        using var api = Api(server.Url, maxRetries: 2);

        var get = () => api.For(ResourceTypes.Secrets).GetAsync("default", "x", TestContext.Current.CancellationToken);
        var error = (await get.Should().ThrowAsync<TooManyRequestsException>()).Which;
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
        error.Message.Should().StartWith("get secrets: 429 TooManyRequests: Too many requests");
        server.Requests.Should().Be(3);
    }

    private static string Throttled(int retryAfterSeconds)
    {
        var body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","code":429}""";
        return $"HTTP/1.1 429 Too Many Requests\r\nRetry-After: {retryAfterSeconds}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
    }

    private static KubernetesApi Api(Uri server, int maxRetries) => KubernetesApiFactory.Create(
        new ApiServerAccess(new k8s.KubernetesClientConfiguration { Host = server.ToString() }, null, "test"),
        new KubernetesApiOptions { MaxThrottleRetries = maxRetries },
        TimeProvider.System,
        NullLogger.Instance);

    /// <summary>Answers each connection with the next scripted raw HTTP response.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly Task loop;
        private int requests;

        public ScriptedServer(params string[] responses)
        {
            listener.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            loop = Task.Run(async () =>
            {
                foreach (var response in responses)
                {
                    using var socket = await listener.AcceptTcpClientAsync();
                    var stream = socket.GetStream();
                    var buffer = new byte[8192];
                    var read = 0;
                    while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                    {
                        read += await stream.ReadAsync(buffer.AsMemory(read));
                    }

                    Interlocked.Increment(ref requests);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(response));
                }
            });
        }

        public Uri Url { get; }

        public int Requests => Volatile.Read(ref requests);

        public async ValueTask DisposeAsync()
        {
            listener.Stop();
            try
            {
                await loop;
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
