using System.Text.Json.Nodes;
using FluentAssertions;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>
/// config/argocd/health.lua against every case of config/argocd/health_test.yaml (Argo CD's own test
/// format), run by the real Lua 5.1 interpreter in Argo CD's sandbox.
/// </summary>
public sealed class HealthCheckTests
{
    private const string Script = "health.lua";

    /// <summary>The inputPath of every case, read when the tests are discovered.</summary>
    public static TheoryData<string> Cases => [.. LoadCases().Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_health_the_case_expects(string inputPath)
    {
        var expected = LoadCases()[inputPath];
        var run = await ArgoLua.RunAsync(Script, LoadObject(inputPath));
        run.Result.Should().BeOfType<JsonObject>();
        ((string?)run.Result!["status"]).Should().Be(expected.Status, "status for {0}", inputPath);
        ((string?)run.Result!["message"]).Should().Be(expected.Message, "message for {0}", inputPath);
    }

    [Fact]
    public async Task The_cases_together_run_every_line_of_the_script()
    {
        var ran = new HashSet<int>();
        foreach (var inputPath in LoadCases().Keys)
        {
            ran.UnionWith((await ArgoLua.RunAsync(Script, LoadObject(inputPath))).Lines);
        }

        ArgoLua.ExecutableLines(Script).Except(ran).Should().BeEmpty("every branch of health.lua needs a sample object in config/argocd/testdata");
    }

    [Fact]
    public void Every_sample_object_is_a_case_and_every_status_is_reached()
    {
        var cases = LoadCases();
        var samples = Directory.GetFiles(Path.Combine(ArgoLua.ConfigDirectory, "testdata"), "*.yaml")
            .Select(file => "testdata/" + Path.GetFileName(file));
        cases.Keys.Should().BeEquivalentTo(samples, "a sample object no case uses tests nothing");
        cases.Values.Select(c => c.Status).Distinct().Should().BeEquivalentTo(["Healthy", "Progressing", "Degraded"]);
    }

    private static JsonNode LoadObject(string inputPath) =>
        YamlJson.Load(Path.Combine(ArgoLua.ConfigDirectory, inputPath)) ?? throw new InvalidOperationException($"{inputPath} is empty");

    private static Dictionary<string, (string Status, string Message)> LoadCases()
    {
        var file = YamlJson.Load(Path.Combine(ArgoLua.ConfigDirectory, "health_test.yaml"));
        return file!["tests"]!.AsArray().ToDictionary(
            test => (string)test!["inputPath"]!,
            test => ((string)test!["healthStatus"]!["status"]!, (string)test["healthStatus"]!["message"]!));
    }
}
