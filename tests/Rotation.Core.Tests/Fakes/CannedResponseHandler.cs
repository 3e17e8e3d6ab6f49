using System.Net;

namespace Rotator.Rotation.Tests.Fakes;

/// <summary>Answers every HTTP request with one canned response and remembers what was sent.</summary>
public sealed class CannedResponseHandler(Func<HttpResponseMessage> respond) : HttpMessageHandler
{
    private int requests;

    public HttpRequestMessage? LastRequest { get; private set; }

    public byte[] LastBody { get; private set; } = [];

    /// <summary>How many requests were answered (retries included).</summary>
    public int Requests => requests;

    public static CannedResponseHandler Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers) => new(() =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/x-amz-json-1.1") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        LastRequest = request;
        LastBody = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return respond();
    }
}
