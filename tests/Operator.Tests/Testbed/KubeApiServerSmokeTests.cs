using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Testbed;

/// <summary>
/// Proves the test bed's API server is a real one: CRDs become established, custom objects can be
/// watched, RBAC denies the plain identity, and the controller manager reconciles Deployments.
/// Raw HTTP on purpose: the operator's own client is tested elsewhere and must not vouch for itself.
/// </summary>
public sealed class KubeApiServerSmokeTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Custom_resource_definition_is_established_and_objects_are_watched()
    {
        var kube = testbed.Kube;
        using var http = Client(kube, kube.AdminToken);
        var ct = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var plural = $"widgets{suffix}";
        var group = "smoke.rotator.test";

        var crd = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = $"widget{suffix}", ["kind"] = $"Widget{suffix}" },
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1",
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["schema"] = new JsonObject
                    {
                        ["openAPIV3Schema"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject
                            {
                                ["spec"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["size"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } } },
                                ["status"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                            },
                        },
                    },
                }),
            },
        };
        (await Send(http, HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, ct)).Should().Be(HttpStatusCode.Created);
        await Eventually(async () =>
        {
            var got = await GetJson(http, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{plural}.{group}", ct);
            return got?["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true;
        }, "CRD established");

        var collection = $"/apis/{group}/v1/namespaces/default/{plural}";
        var list = await GetJson(http, collection, ct);
        var resourceVersion = (string)list!["metadata"]!["resourceVersion"]!;

        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watchCts.CancelAfter(Patience);
        using var watch = await http.GetAsync($"{collection}?watch=true&allowWatchBookmarks=true&resourceVersion={resourceVersion}", HttpCompletionOption.ResponseHeadersRead, watchCts.Token);
        watch.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await watch.Content.ReadAsStreamAsync(watchCts.Token));

        var widget = new JsonObject
        {
            ["apiVersion"] = $"{group}/v1",
            ["kind"] = $"Widget{suffix}",
            ["metadata"] = new JsonObject { ["name"] = "first" },
            ["spec"] = new JsonObject { ["size"] = 3 },
        };
        (await Send(http, HttpMethod.Post, collection, widget, ct)).Should().Be(HttpStatusCode.Created);

        // The schema is enforced by the server, not by us: size 0 violates minimum 1.
        widget["metadata"]!["name"] = "invalid";
        widget["spec"]!["size"] = 0;
        (await Send(http, HttpMethod.Post, collection, widget, ct)).Should().Be(HttpStatusCode.UnprocessableEntity);

        var line = await reader.ReadLineAsync(watchCts.Token);
        var evt = JsonNode.Parse(line!)!;
        ((string?)evt["type"]).Should().Be("ADDED");
        ((string?)evt["object"]!["metadata"]!["name"]).Should().Be("first");
        ((int?)evt["object"]!["spec"]!["size"]).Should().Be(3);

        await Send(http, HttpMethod.Delete, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{plural}.{group}", null, ct);
    }

    [Fact]
    public async Task Plain_identity_is_denied_by_rbac_until_bound()
    {
        var kube = testbed.Kube;
        using var http = Client(kube, kube.UserToken);
        var response = await http.GetAsync("/api/v1/namespaces/default/secrets", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        ((string?)status["message"]).Should().Contain(kube.UserName).And.Contain("secrets");
    }

    [Fact]
    public async Task Controller_manager_turns_a_deployment_into_a_replica_set()
    {
        var kube = testbed.Kube;
        using var http = Client(kube, kube.AdminToken);
        var ct = TestContext.Current.CancellationToken;
        var ns = $"smoke-{Guid.NewGuid():N}"[..20];
        (await Send(http, HttpMethod.Post, "/api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns },
        }, ct)).Should().Be(HttpStatusCode.Created);

        var labels = new JsonObject { ["app"] = "web" };
        (await Send(http, HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "example.invalid/web:1" }) },
                },
            },
        }, ct)).Should().Be(HttpStatusCode.Created);

        await Eventually(async () =>
        {
            var sets = await GetJson(http, $"/apis/apps/v1/namespaces/{ns}/replicasets", ct);
            return sets!["items"]!.AsArray().Count == 1;
        }, "ReplicaSet created by the deployment controller");

        await Send(http, HttpMethod.Delete, $"/api/v1/namespaces/{ns}", null, ct);
    }

    internal static HttpClient Client(KubeServer kube, string token)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(kube.CaFile);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = kube.Server, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<HttpStatusCode> Send(HttpClient http, HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static async Task<JsonNode?> GetJson(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) : null;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached within {Patience}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
