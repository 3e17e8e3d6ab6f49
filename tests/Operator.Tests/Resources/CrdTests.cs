using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.CrdGen;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Resources;

/// <summary>
/// The CRD is generated from the C# types, checked in, accepted by a real API server, and refuses bad
/// specs at <c>kubectl apply</c> time with the offending field named.
/// </summary>
public sealed class CrdTests(TestbedFixture testbed)
{
    [Fact]
    public void Checked_in_crd_matches_the_csharp_types()
    {
        var checkedIn = File.ReadAllText(CrdInstaller.CheckedInPath);
        checkedIn.Should().Be(CrdGenerator.Render(), "config/crds is stale: run `dotnet run --project src/Rotator.CrdGen -- crds`");
    }

    [Fact]
    public void Crd_has_no_schema_defaults_and_carries_descriptions()
    {
        var yaml = CrdGenerator.Render();
        yaml.Split('\n').Should().NotContain(line => line.TrimStart().StartsWith("default:", StringComparison.Ordinal), "schema defaults cause permanent Argo CD diffs; defaults live in the operator");
        yaml.Should().Contain("AWS schedule: rate(N minutes|hours|days)");
        yaml.Should().Contain("shortNames:").And.Contain("- rotsec").And.Contain("- rotator");
    }

    [Fact]
    public async Task A_valid_resource_round_trips_through_the_api_server()
    {
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        using var client = TestClients.Admin(testbed.Kube);
        var ns = await NewNamespace(client, ct);
        var resources = client.For(RotatingSecretResource.Type);
        var created = await resources.CreateAsync(ns, new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = "orders-db" },
            Spec = new RotatingSecretSpec
            {
                SecretId = $"{ns}/orders-db",
                Region = "eu-west-1",
                Rotation = new RotationSpec
                {
                    Strategy = RotationStrategy.MySQLAlternatingUsers,
                    Schedule = "cron(0 3 ? * SUN *)",
                    Window = "2h",
                    Password = new PasswordSpec { Length = 32, ExcludeCharacters = "/@\"'\\" },
                    Mysql = new MySqlSpec { Tls = TlsMode.VerifyCA },
                },
                Target = new TargetSpec { Keys = new Dictionary<string, string> { ["username"] = "DB_USER" } },
                RefreshInterval = "5m",
                Restart = new RestartSpec { Targets = [new RestartTarget { Kind = WorkloadKind.Deployment, Name = "orders-api" }], When = RestartWhen.UsernameChange },
            },
        }, ct);

        created.Spec.Rotation.Strategy.Should().Be(RotationStrategy.MySQLAlternatingUsers);
        created.Spec.Restart!.Targets![0].Kind.Should().Be(WorkloadKind.Deployment);
        created.Metadata.Generation.Should().Be(1);

        var status = await resources.PatchStatusAsync(ns, "orders-db", new JsonObject
        {
            ["status"] = new JsonObject { ["currentUsername"] = "orders_clone", ["observedGeneration"] = 1 },
        }, V1Patch.PatchType.MergePatch, ct);
        status.Status!.CurrentUsername.Should().Be("orders_clone");
        status.Metadata.Generation.Should().Be(1, "status writes go through the subresource and never bump the generation");
    }

    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "bad schedule", """{"secretId":"x","rotation":{"strategy":"None","schedule":"every day"}}""", "spec.rotation.schedule" },
        { "unknown strategy", """{"secretId":"x","rotation":{"strategy":"Sometimes"}}""", "spec.rotation.strategy" },
        { "missing secretId", """{"rotation":{"strategy":"None"}}""", "spec.secretId" },
        { "password too long", """{"secretId":"x","rotation":{"strategy":"RandomValue","password":{"length":5000}}}""", "spec.rotation.password.length" },
        { "bad duration", """{"secretId":"x","rotation":{"strategy":"None"},"refreshInterval":"five minutes"}""", "spec.refreshInterval" },
        { "bad restart kind", """{"secretId":"x","rotation":{"strategy":"None"},"restart":{"targets":[{"kind":"Pod","name":"a"}]}}""", "spec.restart.targets" },
        { "bad directory id", """{"secretId":"x","rotation":{"strategy":"DirectoryServiceAdmin","directoryService":{"directoryId":"dir-1"}}}""", "spec.rotation.directoryService.directoryId" },
        { "binary key not a data key", """{"secretId":"x","rotation":{"strategy":"None"},"target":{"binaryKey":"certs/key.p12"}}""", "spec.target.binaryKey" },
        { "binary key too long", $$$"""{"secretId":"x","rotation":{"strategy":"None"},"target":{"binaryKey":"{{{new string('k', 254)}}}"}}""", "spec.target.binaryKey" },
        { "binary length zero", """{"secretId":"x","rotation":{"strategy":"RandomValue","randomValue":{"binaryLength":0}}}""", "spec.rotation.randomValue.binaryLength" },
        { "binary length over the AWS limit", """{"secretId":"x","rotation":{"strategy":"RandomValue","randomValue":{"binaryLength":65537}}}""", "spec.rotation.randomValue.binaryLength" },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task Invalid_specs_are_refused_by_the_schema_naming_the_field(string because, string spec, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        using var http = Testbed.KubeApiServerSmokeTests.Client(testbed.Kube, testbed.Kube.AdminToken);
        var body = $$"""{"apiVersion":"rotator.io/v1alpha1","kind":"RotatingSecret","metadata":{"name":"bad"},"spec":{{spec}}}""";
        using var response = await http.PostAsync("/apis/rotator.io/v1alpha1/namespaces/default/rotatingsecrets", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, because);
        (await response.Content.ReadAsStringAsync(ct)).Should().Contain(field, because);
    }

    [Fact]
    public async Task Printer_columns_show_strategy_ready_and_user()
    {
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        using var http = Testbed.KubeApiServerSmokeTests.Client(testbed.Kube, testbed.Kube.AdminToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis/rotator.io/v1alpha1/rotatingsecrets");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await http.SendAsync(request, ct);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]).Should()
            .ContainInOrder("Name", "Strategy", "Ready", "Username", "Last Rotation", "Next Rotation", "Age");
    }

    private static async Task<string> NewNamespace(KubernetesApi client, CancellationToken ct)
    {
        var ns = TestClients.UniqueName("crd");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        return ns;
    }
}
