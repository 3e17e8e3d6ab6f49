using System.Text;

namespace Rotator.Operator.Kubernetes.Config;

/// <summary>
/// The configuration of a pod: the API server from <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, and the
/// service account's token, CA and namespace from its mounted volume. The token is re-read as the
/// kubelet rotates it.
/// </summary>
public sealed class InClusterConfigLoader
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    private readonly TimeProvider time;
    private readonly Func<string, string?> environment;

    /// <param name="time">Clock of the token file's re-reads.</param>
    /// <param name="environment">Environment lookup; the process's own when null.</param>
    /// <param name="serviceAccountDirectory">Where <c>token</c>, <c>ca.crt</c> and <c>namespace</c> are; <see cref="DefaultServiceAccountDirectory"/> when null.</param>
    public InClusterConfigLoader(TimeProvider time, Func<string, string?>? environment = null, string? serviceAccountDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.environment = environment ?? Environment.GetEnvironmentVariable;
        ServiceAccountDirectory = serviceAccountDirectory ?? DefaultServiceAccountDirectory;
    }

    public string ServiceAccountDirectory { get; }

    private string TokenFile => Path.Combine(ServiceAccountDirectory, "token");

    /// <summary>True in a pod: the service host is set and a service-account token is mounted.</summary>
    public bool IsAvailable() => !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && File.Exists(TokenFile);

    public KubernetesClientConfiguration Load()
    {
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubernetesConfigurationException(
                "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set");
        }

        // An IPv6 service address needs brackets in a URL.
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        if (!Uri.TryCreate($"https://{host}:{port}", UriKind.Absolute, out var server))
        {
            throw new KubernetesConfigurationException(
                $"KUBERNETES_SERVICE_HOST '{environment("KUBERNETES_SERVICE_HOST")}' and KUBERNETES_SERVICE_PORT '{port}' do not make a URL");
        }

        if (!File.Exists(TokenFile))
        {
            throw new KubernetesConfigurationException($"in-cluster: service-account token {TokenFile} does not exist (automountServiceAccountToken: false?)");
        }

        var caFile = Path.Combine(ServiceAccountDirectory, "ca.crt");
        string caPem;
        try
        {
            caPem = File.ReadAllText(caFile, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigurationException($"in-cluster: CA {caFile} cannot be read: {e.Message}", e);
        }

        var namespaceFile = Path.Combine(ServiceAccountDirectory, "namespace");
        var ns = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null;
        return new KubernetesClientConfiguration
        {
            Server = server,
            CertificateAuthorities = PemCertificates.Authorities(caPem, $"in-cluster: CA {caFile}"),
            Token = new FileTokenSource(TokenFile, time),
            Namespace = string.IsNullOrEmpty(ns) ? null : ns,
            Source = "in-cluster",
        };
    }
}
