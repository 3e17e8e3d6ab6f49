namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// A token read from a file and re-read at least every <see cref="DefaultRefreshInterval"/> and after a
/// 401: the kubelet rewrites bound service-account tokens well before they expire (80% of their life),
/// and kubeconfig <c>tokenFile</c>s are rewritten by whatever manages them.
/// </summary>
public sealed class FileTokenSource : IBearerTokenSource
{
    /// <summary>client-go's interval too; reading a small file once a minute costs nothing.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider time;
    private readonly TimeSpan refreshInterval;
    private CachedToken? cached;

    public FileTokenSource(string path, TimeProvider time, TimeSpan? refreshInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        Path = path;
        this.time = time;
        this.refreshInterval = refreshInterval ?? DefaultRefreshInterval;
    }

    public string Path { get; }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cached is { } token && now < token.RefreshAt)
        {
            return token.Token;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"token file {Path} cannot be read: {e.Message}", e);
        }

        // Files written by hand end in a newline that is not part of the token.
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw new KubernetesConfigurationException($"token file {Path} is empty");
        }

        // Concurrent readers may both read; they read the same file, so either result is right.
        cached = new CachedToken(value, now + refreshInterval);
        return value;
    }

    public void Invalidate() => cached = null;

    public override string ToString() => $"token file {Path}";
}
