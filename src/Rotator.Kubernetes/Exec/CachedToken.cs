namespace Rotator.Kubernetes.Exec;

/// <summary>A token and the moment it must be fetched again. A class, so swapping it is atomic.</summary>
internal sealed record CachedToken(string Token, DateTimeOffset RefreshAt)
{
    public override string ToString() => $"token (refresh at {RefreshAt:O})";
}
