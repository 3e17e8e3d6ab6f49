using System.Net;
using Rotator.Kubernetes.Exec;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// A 401 with a token from an exec plugin means the token was refused before its stated expiry (clock
/// skew, a revoked session): drop it, fetch a fresh one and send once more, as kubectl does. The library
/// sets the Authorization header before its handlers run, so the retry sets it again here.
/// </summary>
public sealed class ReauthenticationHandler(ExecCredentialTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        tokens.Invalidate();
        request.Headers.Authorization = await tokens.GetAuthenticationHeaderAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
