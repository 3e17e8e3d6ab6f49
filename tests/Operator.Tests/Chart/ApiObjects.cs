using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// Rendered objects sent to the API server as helm install sends them (raw HTTP: the kubectl on this machine is far
/// outside the version skew it supports against the test bed's 1.20).
/// </summary>
internal static class ApiObjects
{
    /// <summary>The plural resource of every kind the chart renders by default.</summary>
    public static IReadOnlyDictionary<string, string> Resources { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CustomResourceDefinition"] = "customresourcedefinitions",
        ["PodDisruptionBudget"] = "poddisruptionbudgets",
        ["ServiceAccount"] = "serviceaccounts",
        ["ConfigMap"] = "configmaps",
        ["ClusterRole"] = "clusterroles",
        ["ClusterRoleBinding"] = "clusterrolebindings",
        ["Role"] = "roles",
        ["RoleBinding"] = "rolebindings",
        ["Service"] = "services",
        ["Deployment"] = "deployments",
    };

    /// <summary>Creates the object, or replaces it (with its resourceVersion, as an upgrade would) when it exists.</summary>
    public static async Task<JsonObject> CreateOrReplaceAsync(HttpClient http, Manifest manifest, CancellationToken ct, bool dryRun = true)
    {
        var apiVersion = (string)manifest.Object["apiVersion"]!;
        var prefix = apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var collection = $"{prefix}{(manifest.Namespace is { } ns ? $"/namespaces/{ns}" : "")}/{Resources[manifest.Kind]}";
        var (status, created) = await TrySendAsync(http, HttpMethod.Post, collection + (dryRun ? "?dryRun=All" : ""), manifest.Object, ct);
        if (status != HttpStatusCode.Conflict)
        {
            return created;
        }

        var existing = JsonNode.Parse(await http.GetStringAsync($"{collection}/{manifest.Name}", ct))!;
        var replacement = manifest.Object.DeepClone().AsObject();
        replacement["metadata"]!["resourceVersion"] = existing["metadata"]!["resourceVersion"]!.DeepClone();
        return await SendAsync(http, HttpMethod.Put, $"{collection}/{manifest.Name}{(dryRun ? "?dryRun=All" : "")}", replacement, ct);
    }

    /// <summary>Sends <paramref name="body"/> and fails the test unless the answer is a success.</summary>
    public static async Task<JsonObject> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject body, CancellationToken ct) =>
        (await TrySendAsync(http, method, path, body, ct, allowConflict: false)).Answer;

    /// <summary>A Namespace object to create.</summary>
    public static JsonObject Namespace(string name) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };

    private static async Task<(HttpStatusCode Status, JsonObject Answer)> TrySendAsync(
        HttpClient http, HttpMethod method, string path, JsonObject body, CancellationToken ct, bool allowConflict = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!(allowConflict && response.StatusCode == HttpStatusCode.Conflict))
        {
            response.IsSuccessStatusCode.Should().BeTrue($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
