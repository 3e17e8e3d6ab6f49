using System.Text;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// Reads kubeconfig files as kubectl does: <c>--kubeconfig</c>, else every file in <c>KUBECONFIG</c>
/// merged (the first file to set a name or <c>current-context</c> wins; missing files are skipped),
/// else <c>~/.kube/config</c>; then picks the context (<c>--context</c> or <c>current-context</c>).
/// </summary>
public sealed class KubeconfigLoader
{
    private readonly TimeProvider time;
    private readonly Func<string, string?> environment;
    private readonly string? homeDirectory;

    /// <param name="time">Clock of the token sources (exec plugin expiry, token file re-reads).</param>
    /// <param name="environment">Environment lookup (<c>KUBECONFIG</c>, <c>HOME</c>); the process's own when null.</param>
    /// <param name="homeDirectory">Where <c>.kube/config</c> lives; <c>HOME</c> when null.</param>
    public KubeconfigLoader(TimeProvider time, Func<string, string?>? environment = null, string? homeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.environment = environment ?? Environment.GetEnvironmentVariable;
        this.homeDirectory = homeDirectory;
    }

    /// <summary>The files kubectl would read without <c>--kubeconfig</c>: <c>KUBECONFIG</c>'s entries, else <c>~/.kube/config</c>.</summary>
    public IReadOnlyList<string> DefaultPaths()
    {
        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Path.GetFullPath)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        var home = homeDirectory ?? environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [Path.Combine(home, ".kube", "config")];
    }

    /// <summary>
    /// Loads <paramref name="kubeconfigPath"/> (which must exist) or the <see cref="DefaultPaths"/>, with
    /// <paramref name="context"/> or the merged <c>current-context</c>.
    /// </summary>
    public KubernetesClientConfiguration Load(string? kubeconfigPath = null, string? context = null)
    {
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            var path = Path.GetFullPath(kubeconfigPath);
            return File.Exists(path)
                ? LoadFiles([path], context)
                : throw new KubernetesConfigurationException($"kubeconfig {path} does not exist");
        }

        var paths = DefaultPaths();
        var existing = paths.Where(File.Exists).ToList();
        if (existing.Count > 0)
        {
            return LoadFiles(existing, context);
        }

        throw new KubernetesConfigurationException(environment("KUBECONFIG") is { Length: > 0 }
            ? $"none of the kubeconfig files in KUBECONFIG exists: {string.Join(", ", paths)}"
            : $"no kubeconfig: KUBECONFIG is not set and {paths[0]} does not exist");
    }

    /// <summary>Merges <paramref name="paths"/> in order and builds the configuration of one context.</summary>
    public KubernetesClientConfiguration LoadFiles(IReadOnlyList<string> paths, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("at least one kubeconfig file is needed", nameof(paths));
        }

        var files = paths.Select(KubeconfigFile.Load).ToList();
        var where = string.Join(", ", files.Select(f => f.Path));
        var contextName = !string.IsNullOrEmpty(context)
            ? context
            : files.Select(f => f.CurrentContext).FirstOrDefault(c => c is not null)
                ?? throw new KubernetesConfigurationException($"no current-context in {where}, and no context was given");

        var selected = First(files, f => f.Contexts, contextName)
            ?? throw new KubernetesConfigurationException($"context '{contextName}' not found in {where}");
        var contextWhere = $"context '{contextName}' in {selected.File}";
        var clusterName = selected.Cluster ?? throw new KubernetesConfigurationException($"{contextWhere} names no cluster");
        var cluster = First(files, f => f.Clusters, clusterName)
            ?? throw new KubernetesConfigurationException($"cluster '{clusterName}' (of {contextWhere}) not found in {where}");
        var user = selected.User is null
            ? null
            : First(files, f => f.Users, selected.User)
                ?? throw new KubernetesConfigurationException($"user '{selected.User}' (of {contextWhere}) not found in {where}");

        var server = Server(cluster);
        var caPem = CertificateAuthorityPem(cluster);
        if (caPem is not null && cluster.InsecureSkipTlsVerify)
        {
            throw new KubernetesConfigurationException(
                $"{cluster.Where} sets insecure-skip-tls-verify and a certificate authority; keep one");
        }

        if (cluster.ProxyUrl is not null)
        {
            throw new KubernetesConfigurationException($"{cluster.Where}: proxy-url is not supported");
        }

        var caField = cluster.CertificateAuthorityData is not null ? "certificate-authority-data" : $"certificate-authority {cluster.CertificateAuthority}";
        return new KubernetesClientConfiguration
        {
            Server = server,
            CertificateAuthorities = caPem is null ? null : PemCertificates.Authorities(Encoding.UTF8.GetString(caPem), $"{cluster.Where}: {caField}"),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            // Token before certificate: a refused auth method must not leave a loaded key behind.
            Token = user is null ? null : TokenSource(user, cluster, server, caPem),
            ClientCertificate = user is null ? null : ClientCertificate(user),
            Namespace = selected.Namespace,
            Source = $"kubeconfig {where} (context {contextName})",
        };
    }

    private static T? First<T>(List<KubeconfigFile> files, Func<KubeconfigFile, Dictionary<string, T>> map, string name)
        where T : class
    {
        // kubectl's merge rule: the first file that defines a name wins, later ones never change it.
        foreach (var file in files)
        {
            if (map(file).TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    private static Uri Server(KubeconfigCluster cluster)
    {
        var text = cluster.Server ?? throw new KubernetesConfigurationException($"{cluster.Where} has no server");

        // kubectl accepts "host:port" and means HTTPS.
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var server) && (server.Scheme == Uri.UriSchemeHttps || server.Scheme == Uri.UriSchemeHttp)
            ? server
            : throw new KubernetesConfigurationException($"{cluster.Where}: server '{cluster.Server}' is not an https:// URL");
    }

    private static byte[]? CertificateAuthorityPem(KubeconfigCluster cluster)
    {
        // As in kubectl, the inline data wins over the file.
        if (cluster.CertificateAuthorityData is { } data)
        {
            return Base64(data, $"{cluster.Where}: certificate-authority-data");
        }

        return cluster.CertificateAuthority is { } file ? ReadFile(file, $"{cluster.Where}: certificate-authority") : null;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate(KubeconfigUser user)
    {
        var certificate = user.ClientCertificateData is { } certificateData
            ? Base64(certificateData, $"{user.Where}: client-certificate-data")
            : user.ClientCertificate is { } certificateFile ? ReadFile(certificateFile, $"{user.Where}: client-certificate") : null;
        var key = user.ClientKeyData is { } keyData
            ? Base64(keyData, $"{user.Where}: client-key-data")
            : user.ClientKey is { } keyFile ? ReadFile(keyFile, $"{user.Where}: client-key") : null;
        return (certificate, key) switch
        {
            (null, null) => null,
            (null, _) => throw new KubernetesConfigurationException($"{user.Where} has a client key but no client-certificate or client-certificate-data"),
            (_, null) => throw new KubernetesConfigurationException($"{user.Where} has a client certificate but no client-key or client-key-data"),
            _ => PemCertificates.ClientCertificate(Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key), user.Where),
        };
    }

    private IBearerTokenSource? TokenSource(KubeconfigUser user, KubeconfigCluster cluster, Uri server, byte[]? caPem)
    {
        if (user.AuthProvider is { } provider)
        {
            throw new KubernetesConfigurationException(
                $"{user.Where}: auth-provider '{provider}' is not supported; use an exec plugin (kubelogin, gke-gcloud-auth-plugin, aws eks get-token)");
        }

        if (user.HasBasicAuth)
        {
            throw new KubernetesConfigurationException($"{user.Where}: username/password authentication is not supported");
        }

        if (user.Exec is { } exec)
        {
            if (user.Token is not null || user.TokenFile is not null)
            {
                throw new KubernetesConfigurationException($"{user.Where} sets both exec and token/tokenFile; keep one");
            }

            var plugin = !user.ExecProvideClusterInfo ? exec : exec with
            {
                Cluster = new ExecClusterInfo
                {
                    Server = server,
                    TlsServerName = cluster.TlsServerName,
                    InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
                    CertificateAuthorityData = caPem ?? ReadOnlyMemory<byte>.Empty,
                },
            };
            return new ExecCredentialTokenSource(plugin, time);
        }

        // With both set, kubectl keeps re-reading the file, so the file wins.
        if (user.TokenFile is { } tokenFile)
        {
            return File.Exists(tokenFile)
                ? new FileTokenSource(tokenFile, time)
                : throw new KubernetesConfigurationException($"{user.Where}: tokenFile {tokenFile} does not exist");
        }

        return user.Token is { } token ? new StaticTokenSource(token) : null;
    }

    private static byte[] Base64(string data, string what)
    {
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException e)
        {
            throw new KubernetesConfigurationException($"{what} is not valid base64", e);
        }
    }

    private static byte[] ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"{what} {path} cannot be read: {e.Message}", e);
        }
    }
}
