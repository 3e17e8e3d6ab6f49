using System.Net;
using System.Text;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>Answers a test hands back from an <see cref="InterceptingHandler"/> instead of the server's.</summary>
internal static class StubResponses
{
    public static HttpResponseMessage JsonError(HttpStatusCode status, string type, string message = "stubbed", string requestId = "req-stub")
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"__type":"{{type}}","message":"{{message}}"}""", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        return response;
    }

    public static HttpResponseMessage Raw(HttpStatusCode status, string body, string contentType = "application/x-amz-json-1.1") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
}
