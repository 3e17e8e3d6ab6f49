using System.Text.Json.Nodes;
using Rotator.Operator.Tests.Testbed;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// A rendered chart installed for real, all but its Deployment (the test bed has no kubelet to run its pods): the
/// ServiceAccount, its RBAC and the ConfigMap. The operator then runs in process as that ServiceAccount, with a token
/// from the TokenRequest API and the chart's own arguments, so it has exactly the permissions a real install has.
/// </summary>
internal sealed class ChartRelease
{
    private ChartRelease(Rendering rendering, string releaseNamespace, string token, string kubeconfig, string config)
    {
        Rendering = rendering;
        Namespace = releaseNamespace;
        Token = token;
        Kubeconfig = kubeconfig;
        ConfigFile = config;
    }

    public Rendering Rendering { get; }

    /// <summary>The release namespace (the ServiceAccount's, and the leader Lease's).</summary>
    public string Namespace { get; }

    /// <summary>Bearer token of the chart's ServiceAccount.</summary>
    public string Token { get; }

    /// <summary>A kubeconfig for the chart's ServiceAccount.</summary>
    public string Kubeconfig { get; }

    /// <summary>The chart's config.json (its ConfigMap), written to a file.</summary>
    public string ConfigFile { get; }

    public string ServiceAccount => Rendering.Single("ServiceAccount").Name;

    /// <summary>How the API server names the ServiceAccount (audit log, RBAC subjects).</summary>
    public string UserName => $"system:serviceaccount:{Namespace}:{ServiceAccount}";

    /// <summary>The chart's operator arguments, except where the pod and this process differ: the config file and the listen address.</summary>
    public IReadOnlyList<string> OperatorArgs =>
    [
        .. Rendering.Args.Where(a => !a.StartsWith("--listen=", StringComparison.Ordinal))
            .Select(a => a.StartsWith("--config=", StringComparison.Ordinal) ? $"--config={ConfigFile}" : a),
        "--kubeconfig", Kubeconfig,
        // POD_NAMESPACE in the pod: the Lease is in the release namespace.
        "--lease-namespace", Namespace,
    ];

    /// <summary>Installs every rendered object but the Deployment into existing namespaces, and gets the ServiceAccount a token.</summary>
    public static async Task<ChartRelease> InstallAsync(KubeServer kube, Rendering rendering, string releaseNamespace, string scratch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(rendering);
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        foreach (var manifest in rendering.Manifests.Where(m => m.Kind != "Deployment"))
        {
            await ApiObjects.CreateOrReplaceAsync(http, manifest, ct, dryRun: false);
        }

        var account = rendering.Single("ServiceAccount").Name;
        var answer = await ApiObjects.SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{releaseNamespace}/serviceaccounts/{account}/token",
            new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = new JsonObject { ["expirationSeconds"] = 3600 } }, ct);
        var token = (string)answer["status"]!["token"]!;
        var kubeconfig = Path.Combine(scratch, $"{releaseNamespace}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: testbed, cluster: { server: "{{kube.Server}}", certificate-authority: "{{kube.CaFile}}" } }]
            users: [{ name: chart, user: { token: "{{token}}" } }]
            contexts: [{ name: chart, context: { cluster: testbed, user: chart } }]
            current-context: chart
            """, ct);
        var config = Path.Combine(scratch, $"{releaseNamespace}.config.json");
        await File.WriteAllTextAsync(config, (string)rendering.Single("ConfigMap").Object["data"]!["config.json"]!, ct);
        return new ChartRelease(rendering, releaseNamespace, token, kubeconfig, config);
    }
}
