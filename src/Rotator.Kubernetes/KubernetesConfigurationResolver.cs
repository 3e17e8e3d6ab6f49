using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using Rotator.Kubernetes.Exec;
using YamlDotNet.Core;

namespace Rotator.Kubernetes;

/// <summary>
/// The one place that decides where a process's API server configuration comes from: an explicit
/// <c>--kubeconfig</c>/<c>--context</c>, else the pod's service account, else every file in
/// <c>KUBECONFIG</c> merged (the first to name a cluster, user, context or <c>current-context</c> wins,
/// missing files are skipped), else <c>~/.kube/config</c>. Reading and building are the library's; a
/// user with an <c>exec</c> plugin gets our <see cref="ExecCredentialTokenProvider"/> instead of the
/// library's (see there why).
/// </summary>
public sealed class KubernetesConfigurationResolver(TimeProvider time, Func<string, string?>? environment = null, string? homeDirectory = null)
{
    private readonly Func<string, string?> environment = environment ?? Environment.GetEnvironmentVariable;

    /// <param name="kubeconfigPath">The <c>--kubeconfig</c> option, if given.</param>
    /// <param name="context">The <c>--context</c> option, if given.</param>
    public ApiServerAccess Resolve(string? kubeconfigPath = null, string? context = null)
    {
        // Asking for a kubeconfig or a context is asking not to use the pod's identity.
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            var path = Path.GetFullPath(kubeconfigPath);
            return File.Exists(path)
                ? FromFiles([path], context)
                : throw new KubernetesConfigurationException($"kubeconfig {path} does not exist");
        }

        if (string.IsNullOrEmpty(context) && KubernetesClientConfiguration.IsInCluster())
        {
            return new ApiServerAccess(Library(KubernetesClientConfiguration.InClusterConfig), null, "in-cluster");
        }

        var paths = DefaultPaths();
        var existing = paths.Where(File.Exists).ToList();
        return existing.Count > 0
            ? FromFiles(existing, context)
            : throw new KubernetesConfigurationException(
                $"no Kubernetes configuration: not in a cluster (KUBERNETES_SERVICE_HOST unset or no service-account token) " +
                $"and no kubeconfig at {string.Join(", ", paths)}; set KUBECONFIG or name a kubeconfig file");
    }

    /// <summary>The files kubectl would read without <c>--kubeconfig</c>: <c>KUBECONFIG</c>'s entries, else <c>~/.kube/config</c>.</summary>
    public IReadOnlyList<string> DefaultPaths()
    {
        if (environment("KUBECONFIG") is { Length: > 0 } list)
        {
            return [.. list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
        }

        var home = homeDirectory ?? environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return [Path.Combine(home, ".kube", "config")];
    }

    /// <summary>Merges <paramref name="paths"/> in order and builds the configuration of one context.</summary>
    public ApiServerAccess FromFiles(IReadOnlyList<string> paths, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var where = string.Join(", ", paths);
        var config = Library(() => KubeconfigMerge.Load(paths));
        var contextName = !string.IsNullOrEmpty(context) ? context : config.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubernetesConfigurationException($"{where}: no current-context; name a context");
        }

        var active = config.Contexts?.FirstOrDefault(c => c.Name == contextName)
            ?? throw new KubernetesConfigurationException($"{where}: context '{contextName}' not found");
        var exec = TakeExec(config, active, where);
        var built = Library(() => KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName));
        if (exec is not null)
        {
            built.TokenProvider = exec;
        }

        return new ApiServerAccess(built, exec, $"kubeconfig {where} (context {contextName})");
    }

    /// <summary>
    /// Takes the context user's <c>exec</c> section out of the library's hands (it would run the plugin
    /// while building) and makes our provider for it. A user left with no other credentials is detached
    /// from the context, which the library then builds without one.
    /// </summary>
    private ExecCredentialTokenProvider? TakeExec(K8SConfiguration config, Context active, string where)
    {
        var user = config.Users?.FirstOrDefault(u => u.Name == active.ContextDetails?.User);
        if (user?.UserCredentials?.ExternalExecution is not { } exec)
        {
            return null;
        }

        var origin = $"user '{user.Name}' in {where}";
        if (string.IsNullOrEmpty(exec.Command) || string.IsNullOrEmpty(exec.ApiVersion))
        {
            throw new KubernetesConfigurationException($"{origin}: exec needs a command and an apiVersion");
        }

        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == active.ContextDetails?.Cluster)?.ClusterEndpoint;
        var plugin = new ExecCredentialPlugin
        {
            // kubectl resolves a relative command with a slash against the kubeconfig's folder; a bare name is looked up on PATH.
            Command = exec.Command.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(exec.Command) && config.FileName is { } file
                ? Path.Combine(Path.GetDirectoryName(file)!, exec.Command)
                : exec.Command,
            Args = [.. exec.Arguments ?? []],
            Env = Env(exec, origin),
            ApiVersion = exec.ApiVersion,
            InstallHint = exec.InstallHint,
            Origin = origin,
            Cluster = exec.ProvideClusterInfo && cluster is not null ? ClusterInfo(cluster, config) : null,
        };
        user.UserCredentials.ExternalExecution = null;
        var credentials = user.UserCredentials;
        if (string.IsNullOrEmpty(credentials.Token) && string.IsNullOrEmpty(credentials.UserName)
            && string.IsNullOrEmpty(credentials.ClientCertificateData) && string.IsNullOrEmpty(credentials.ClientCertificate)
            && credentials.AuthProvider is null)
        {
            active.ContextDetails.User = null;
        }

        return new ExecCredentialTokenProvider(plugin, time);
    }

    private static Dictionary<string, string> Env(ExternalExecution exec, string origin)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in exec.EnvironmentVariables ?? [])
        {
            if (!entry.TryGetValue("name", out var name) || string.IsNullOrEmpty(name) || !entry.TryGetValue("value", out var value))
            {
                // Never quote the entry: its value may be a secret.
                throw new KubernetesConfigurationException($"{origin}: every exec env entry needs a name and a value");
            }

            env[name] = value ?? "";
        }

        return env;
    }

    private static ExecClusterInfo ClusterInfo(ClusterEndpoint cluster, K8SConfiguration config)
    {
        var ca = cluster.CertificateAuthorityData is { Length: > 0 } data
            ? Convert.FromBase64String(data)
            : cluster.CertificateAuthority is { Length: > 0 } caFile
                ? File.ReadAllBytes(Path.IsPathRooted(caFile) || config.FileName is null ? caFile : Path.Combine(Path.GetDirectoryName(config.FileName)!, caFile))
                : [];
        return new ExecClusterInfo
        {
            Server = new Uri(cluster.Server),
            TlsServerName = cluster.TlsServerName,
            InsecureSkipTlsVerify = cluster.SkipTlsVerify,
            CertificateAuthorityData = ca,
        };
    }

    /// <summary>The library's configuration errors, as ours: they name the file and field, and the process ends with them.</summary>
    private static TResult Library<TResult>(Func<TResult> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is KubeConfigException or YamlException or IOException or UnauthorizedAccessException or FormatException
                                      or System.Security.Cryptography.CryptographicException)
        {
            throw new KubernetesConfigurationException(e.Message, e);
        }
    }
}
