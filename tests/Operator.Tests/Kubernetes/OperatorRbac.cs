using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>
/// Grants the test bed's plain identity exactly <c>config/rbac/</c> in one namespace: the checked-in
/// ClusterRoles (replaced once per API server, so the suite always tests the rules in the repository)
/// and RoleBindings to them in that namespace.
/// </summary>
internal static class OperatorRbac
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<Uri> Applied = [];

    public static async Task GrantAsync(KubeServer kube, string ns, CancellationToken ct)
    {
        await EnsureClusterRolesAsync(kube, ct);
        using var http = Testbed.KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        foreach (var role in new[] { "rotator-operator", "rotator-leader-election" })
        {
            await SendYamlAsync(http, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings", $$"""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: { name: {{role}}, namespace: {{ns}} }
                roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{role}} }
                subjects: [ { apiGroup: rbac.authorization.k8s.io, kind: User, name: {{kube.UserName}} } ]
                """, ct);
        }
    }

    public static async Task EnsureClusterRolesAsync(KubeServer kube, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (Applied.Contains(kube.Server))
            {
                return;
            }

            using var http = Testbed.KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
            foreach (var file in new[] { "clusterrole.yaml", "leader-election-role.yaml" })
            {
                var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "config", "rbac", file), ct);
                var name = file == "clusterrole.yaml" ? "rotator-operator" : "rotator-leader-election";
                // Replace whatever an earlier run left.
                using var deleted = await http.DeleteAsync($"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}", ct);
                await SendYamlAsync(http, "/apis/rbac.authorization.k8s.io/v1/clusterroles", yaml, ct);
            }

            Applied.Add(kube.Server);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task SendYamlAsync(HttpClient http, string path, string yaml, CancellationToken ct)
    {
        using var content = new StringContent(yaml, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
