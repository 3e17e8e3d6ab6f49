using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s.Authentication;

namespace Rotator.Kubernetes.Exec;

/// <summary>
/// Bearer tokens from an exec credential plugin (<c>aws eks get-token</c>, <c>gke-gcloud-auth-plugin</c>,
/// <c>kubelogin</c>), run as kubectl runs them, plugged into the KubernetesClient library's configuration
/// as its token provider. The token is cached until shortly before its expiry, or until
/// <see cref="Invalidate"/> when the plugin gives none; one plugin run at a time serves every caller
/// waiting for a token.
/// </summary>
/// <remarks>
/// Ours rather than the library's <c>ExecTokenProvider</c>, which (as of 21.0.8, shown by
/// <c>LibraryExecPluginDefectTests</c>) joins <c>args</c> into one command line, so an argument
/// containing a space (<c>aws eks get-token --cluster-name "my cluster"</c>) arrives split; sends
/// <c>kind: ExecCredentials</c> instead of <c>ExecCredential</c>; and runs the plugin twice at start
/// (once while reading the kubeconfig, once for the first request). Its timeout and stderr hook are
/// process-wide statics and the plugin inherits stdin. This one takes the arguments as a list, speaks
/// the protocol as kubectl does (non-interactive, stdin closed, cluster info on request), runs on
/// first use only, and names the plugin and its stderr (never its stdout: the token) when it fails.
/// </remarks>
public sealed class ExecCredentialTokenProvider : ITokenProvider
{
    /// <summary>
    /// How long before <c>expirationTimestamp</c> a new token is fetched. A token must still be valid
    /// when the API server checks it: the gap between fetching and the server's check is a TLS handshake
    /// at most, so the margin is there for clock skew between this host and the server (NTP keeps it to
    /// seconds). 30 s is 4% of the 14 minutes EKS tokens live, and a token refused anyway is re-fetched
    /// on the 401.
    /// </summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a plugin may run. <c>aws eks get-token</c> takes about a second, an SSO refresh a few;
    /// a plugin still running after a minute is waiting for a human who is not there.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private const int MaxStderrLength = 2000;

    private readonly ExecCredentialPlugin plugin;
    private readonly TimeProvider time;
    private readonly TimeSpan timeout;
    private readonly Lock gate = new();
    private CachedToken? cached;
    private Task<CachedToken>? running;

    public ExecCredentialTokenProvider(ExecCredentialPlugin plugin, TimeProvider time, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(time);
        this.plugin = plugin;
        this.time = time;
        this.timeout = timeout ?? DefaultTimeout;
    }

    public ExecCredentialPlugin Plugin => plugin;

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        new("Bearer", await GetTokenAsync(cancellationToken));

    /// <summary>The token to send now: the cached one while it is fresh, else the plugin's next answer.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<CachedToken> run;
        lock (gate)
        {
            if (cached is { } token && time.GetUtcNow() < token.RefreshAt)
            {
                return token.Token;
            }

            // Task.Run: the refresh must not complete inside this lock, or it would clear `running`
            // before it is set. A caller that gives up does not cancel the run the others wait for.
            run = running ??= Task.Run(RefreshAsync, CancellationToken.None);
        }

        return (await run.WaitAsync(cancellationToken)).Token;
    }

    /// <summary>The server answered 401 with the last token: drop it so the next call runs the plugin.</summary>
    public void Invalidate()
    {
        // A run in flight started after the refused token was handed out, so its result is kept.
        lock (gate)
        {
            cached = null;
        }
    }

    public override string ToString() => $"exec plugin '{plugin.Command}'";

    private async Task<CachedToken> RefreshAsync()
    {
        try
        {
            var fetchedAt = time.GetUtcNow();
            var output = await RunAsync();
            var (token, expiresAt) = ExecCredentialOutput.Parse(output, plugin.ApiVersion, Describe());
            var fresh = new CachedToken(token, RefreshAt(fetchedAt, expiresAt));
            lock (gate)
            {
                cached = fresh;
            }

            return fresh;
        }
        finally
        {
            lock (gate)
            {
                running = null;
            }
        }
    }

    private static DateTimeOffset RefreshAt(DateTimeOffset fetchedAt, DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } expiry)
        {
            return DateTimeOffset.MaxValue;
        }

        // A token that lives less than twice the margin is kept for half its life rather than
        // re-fetched for every request.
        var lifetime = expiry - fetchedAt;
        var margin = lifetime < RefreshBeforeExpiry * 2 ? lifetime / 2 : RefreshBeforeExpiry;
        return expiry - (margin > TimeSpan.Zero ? margin : TimeSpan.Zero);
    }

    private async Task<string> RunAsync()
    {
        var start = new ProcessStartInfo(plugin.Command)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in plugin.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in plugin.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();

        using var process = new Process { StartInfo = start };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            var hint = string.IsNullOrWhiteSpace(plugin.InstallHint) ? "" : $"\n{plugin.InstallHint.Trim()}";
            throw new ExecCredentialException($"{Describe()} could not be started: {e.Message}{hint}", e);
        }

        using var deadline = new CancellationTokenSource(timeout, time);
        try
        {
            process.BeginErrorReadLine();

            // Never interactive: the plugin reads EOF instead of waiting for someone to type.
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new ExecCredentialException($"{Describe()} failed with exit code {process.ExitCode}: {Stderr(stderr)}");
            }

            return output;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Kill(process);
            throw new ExecCredentialException(
                $"{Describe()} did not finish within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was killed; stderr: {Stderr(stderr)}");
        }
    }

    private string ExecInfo()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", plugin.ApiVersion);
            json.WriteString("kind", "ExecCredential");
            json.WriteStartObject("spec");
            json.WriteBoolean("interactive", false);
            if (plugin.Cluster is { } cluster)
            {
                json.WriteStartObject("cluster");
                json.WriteString("server", cluster.Server.ToString().TrimEnd('/'));
                if (cluster.TlsServerName is { } serverName)
                {
                    json.WriteString("tls-server-name", serverName);
                }

                if (cluster.InsecureSkipTlsVerify)
                {
                    json.WriteBoolean("insecure-skip-tls-verify", true);
                }

                if (!cluster.CertificateAuthorityData.IsEmpty)
                {
                    json.WriteBase64String("certificate-authority-data", cluster.CertificateAuthorityData.Span);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private string Describe() => plugin.Origin.Length == 0
        ? $"exec plugin '{plugin.Command}'"
        : $"exec plugin '{plugin.Command}' ({plugin.Origin})";

    private static string Stderr(StringBuilder stderr)
    {
        string text;
        lock (stderr)
        {
            text = stderr.ToString().Trim();
        }

        if (text.Length == 0)
        {
            return "(nothing on stderr)";
        }

        // The end of stderr is where plugins put the error that matters.
        return text.Length <= MaxStderrLength ? text : "..." + text[^MaxStderrLength..];
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill.
        }
        catch (Win32Exception)
        {
            // Not ours to kill any more; nothing else to do.
        }
    }
}
