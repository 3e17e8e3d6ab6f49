namespace Rotator.Operator.Kubernetes.Config;

/// <summary>A token written literally in the kubeconfig.</summary>
public sealed class StaticTokenSource(string token) : IBearerTokenSource
{
    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public void Invalidate()
    {
        // Nothing to refresh: a static token that is refused stays refused.
    }

    public override string ToString() => "static token";
}
