using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Resources;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Testbed;
using Rotator.Testbed;
using YamlDotNet.Serialization;

namespace Rotator.Operator.Tests.Sandbox;

/// <summary>
/// Every manifest in <c>examples/</c> as the test bed's real kube-apiserver and the operator judge it: created with
/// <c>dryRun=All</c> (schema validation, nothing stored) in a namespace of this test, nothing dropped (a 1.20 API
/// server silently prunes unknown fields, so a misspelt field would otherwise pass), and accepted by the operator's
/// own spec checks (what <c>InvalidSpec</c> would report). The sandbox applies the same files for real.
/// </summary>
public sealed partial class ExamplesOnApiServerTests(TestbedFixture testbed)
{
    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_examples_the_readme_and_the_sandbox_name_exist()
    {
        Examples().Select(e => e.Data).Should().BeEquivalentTo(
            "binary-signing-key.yaml", "mysql-alternating-users.yaml", "mysql-single-user.yaml", "postgresql-alternating-users.yaml", "postgresql-single-user.yaml", "random-api-key.yaml");
        File.Exists(Path.Combine(RepositoryRoot.Path, "examples", "README.md")).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_is_accepted_by_the_api_server_and_the_operator(string file)
    {
        var kube = testbed.Kube;
        var ct = TestContext.Current.CancellationToken;
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "examples", file), ct);
        var sent = ToJson(new DeserializerBuilder().Build().Deserialize<object>(yaml))!.AsObject();

        // As shipped: namespace `demo` and secret ids under `demo/`, which the default tenancy policy allows there.
        ((string?)sent["metadata"]!["namespace"]).Should().Be("demo");
        ((string?)sent["spec"]!["secretId"]).Should().StartWith("demo/");
        if ((sent["spec"]!["rotation"]!["mysql"] ?? sent["spec"]!["rotation"]!["postgresql"])?["masterSecretId"] is { } master)
        {
            ((string)master!).Should().StartWith("demo/");
        }

        await CrdInstaller.EnsureAsync(kube, ct);
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        var ns = $"examples-{Guid.NewGuid():N}"[..18];
        await SendAsync(http, "/api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, ct);
        try
        {
            var body = sent.DeepClone().AsObject();
            body["metadata"]!["namespace"] = ns;
            var answer = await SendAsync(http, $"/apis/rotator.io/v1alpha1/namespaces/{ns}/rotatingsecrets?dryRun=All", body, ct);
            PrunedFields.Of(sent, answer).Should().BeEmpty($"the API server kept every field of {file}");

            var resource = JsonSerializer.Deserialize(answer.ToJsonString(), ResourcesJsonContext.Default.RotatingSecret)!;
            var resolve = () => SpecResolver.Resolve(resource, TimeSpan.FromMinutes(5));
            resolve.Should().NotThrow($"the operator accepts {file} (no InvalidSpec)");
        }
        finally
        {
            using var _ = await http.DeleteAsync($"/api/v1/namespaces/{ns}", CancellationToken.None);
        }
    }

    /// <summary>YAML's object graph as JSON; scalars that look like numbers or booleans become them, as the API server reads them.</summary>
    private static JsonNode? ToJson(object? yaml) => yaml switch
    {
        IDictionary<object, object> map => new JsonObject(map.Select(p => KeyValuePair.Create((string)p.Key, ToJson(p.Value)))),
        IList<object> list => new JsonArray([.. list.Select(ToJson)]),
        string s when s is "true" or "false" => JsonValue.Create(s == "true"),
        string s when Integer().IsMatch(s) => JsonValue.Create(long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        null => null,
        var other => JsonValue.Create(other.ToString()),
    };

    private static async Task<JsonObject> SendAsync(HttpClient http, string path, JsonObject body, CancellationToken ct)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        response.IsSuccessStatusCode.Should().BeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [GeneratedRegex("^-?[0-9]+$")]
    private static partial Regex Integer();
}
