namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// Supplies the bearer token for each request. Tokens change under us: bound service-account tokens
/// rotate on disk and exec plugins (EKS's <c>aws eks get-token</c>) hand out tokens that expire.
/// </summary>
public interface IBearerTokenSource
{
    /// <summary>The token to send now; cached by the implementation.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>The server answered 401 with the last token: drop any cached value before the retry.</summary>
    void Invalidate();
}
