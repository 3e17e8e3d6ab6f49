using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// An HTTP proxy in front of moto that records every Secrets Manager call the operator replicas make,
/// in arrival order: what moto was asked, whichever process asked it, even a process killed while the
/// request was in flight (the proxy finishes forwarding what it received). Bodies are parsed for ids
/// and staging labels only; values are forwarded and never kept.
/// </summary>
internal sealed class AwsCallRecorder : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly ConcurrentQueue<RecordedAwsCall> calls = new();
    private long sequence;

    private AwsCallRecorder(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    public Uri Url => new(app.Urls.First());

    /// <summary>Every finished call so far, in arrival order.</summary>
    public IReadOnlyList<RecordedAwsCall> Calls => [.. calls.OrderBy(c => c.Sequence)];

    public static async Task<AwsCallRecorder> StartAsync(Uri moto)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var recorder = new AwsCallRecorder(app, new HttpClient { BaseAddress = moto, Timeout = TimeSpan.FromSeconds(30) });
        app.Run(recorder.ForwardAsync);
        await app.StartAsync();
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var arrived = Interlocked.Increment(ref sequence);
        var at = DateTimeOffset.UtcNow;
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, CancellationToken.None);
        var bytes = body.ToArray();
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString)
        {
            Content = new ByteArrayContent(bytes),
        };
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // CancellationToken.None: a replica killed mid-request must not stop what already reached the proxy
        // from reaching moto, or the record would show calls moto never saw.
        int status;
        try
        {
            using var response = await upstream.SendAsync(request, CancellationToken.None);
            status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
            context.Response.StatusCode = status;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            Record(arrived, at, context.Request.Headers["X-Amz-Target"].ToString(), bytes, status);
            await context.Response.Body.WriteAsync(answer, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Record(arrived, at, context.Request.Headers["X-Amz-Target"].ToString(), bytes, 502);
            context.Response.StatusCode = 502;
        }
    }

    private void Record(long arrived, DateTimeOffset at, string target, byte[] body, int status)
    {
        var operation = target.Split('.').LastOrDefault() ?? "";
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a JSON call: recorded by operation only.
        }

        calls.Enqueue(new RecordedAwsCall(arrived, at, operation, (string?)json?["SecretId"], status)
        {
            Token = (string?)json?["ClientRequestToken"],
            Stages = json?["VersionStages"] is JsonArray stages ? [.. stages.Select(s => (string?)s ?? "")] : [],
            Stage = (string?)json?["VersionStage"],
            MoveTo = (string?)json?["MoveToVersionId"],
            RemoveFrom = (string?)json?["RemoveFromVersionId"],
        });
    }
}
