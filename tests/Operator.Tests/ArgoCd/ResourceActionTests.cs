using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>
/// The rotate-now and rollback actions (config/argocd/actions) against every case of action_test.yaml (Argo
/// CD's format), run by the real Lua 5.1 interpreter in Argo CD's sandbox.
/// </summary>
public sealed class ResourceActionTests
{
    private const string Discovery = "actions/discovery.lua";

    public static TheoryData<string> DiscoveryCases => [.. Tests()["discoveryTests"]!.AsArray().Select(t => (string)t!["inputPath"]!)];

    /// <summary>"action inputPath" of every action case.</summary>
    public static TheoryData<string> ActionCases => [.. Tests()["actionTests"]!.AsArray().Select(t => $"{t!["action"]} {t["inputPath"]}")];

    [Theory]
    [MemberData(nameof(DiscoveryCases))]
    public async Task Discovery_offers_the_actions_the_case_expects(string inputPath)
    {
        var expected = Tests()["discoveryTests"]!.AsArray().Single(t => (string)t!["inputPath"]! == inputPath)!["result"]!.AsArray();
        var run = await ArgoLua.RunAsync(Discovery, Load(inputPath));

        // Discovery returns {name = {fields}}; Argo CD turns each entry into a ResourceAction named by its key.
        var offered = run.Result!.AsObject().Select(pair =>
        {
            var action = new JsonObject { ["name"] = pair.Key };
            foreach (var (field, value) in pair.Value!.AsObject())
            {
                action[field] = value?.DeepClone();
            }

            return Canonical(action);
        });
        offered.Should().BeEquivalentTo(expected.Select(Canonical), "actions offered for {0}", inputPath);
    }

    [Theory]
    [MemberData(nameof(ActionCases))]
    public async Task Action_returns_the_object_the_case_expects(string actionAndInput)
    {
        var test = Tests()["actionTests"]!.AsArray().Single(t => $"{t!["action"]} {t["inputPath"]}" == actionAndInput)!;
        var run = await ArgoLua.RunAsync($"actions/{test["action"]}/action.lua", Load((string)test["inputPath"]!), ArgoLua.PinnedNow);
        Canonical(run.Result).Should().Be(Canonical(Load((string)test["expectedOutputPath"]!)));
    }

    [Theory]
    [InlineData("rotate-now", RequestAnnotations.RotateNow)]
    [InlineData("rollback", RequestAnnotations.Rollback)]
    public async Task The_action_stamps_the_current_utc_time_when_the_clock_is_not_pinned(string action, string annotation)
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var run = await ArgoLua.RunAsync($"actions/{action}/action.lua", Load("testdata/no-annotation.yaml"));
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var value = (string)run.Result!["metadata"]!["annotations"]![annotation]!;
        var stamp = DateTimeOffset.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        // The stamp has whole seconds: the window reaches back one more second.
        stamp.Should().BeOnOrAfter(before.AddSeconds(-1)).And.BeOnOrBefore(after);
    }

    [Fact]
    public async Task The_cases_together_run_every_line_of_the_scripts()
    {
        var tests = Tests();
        var discovery = new HashSet<int>();
        foreach (var test in tests["discoveryTests"]!.AsArray())
        {
            discovery.UnionWith((await ArgoLua.RunAsync(Discovery, Load((string)test!["inputPath"]!))).Lines);
        }

        ArgoLua.ExecutableLines(Discovery).Except(discovery).Should().BeEmpty("every branch of discovery.lua needs a discovery case");
        foreach (var action in tests["actionTests"]!.AsArray().GroupBy(t => (string)t!["action"]!))
        {
            var script = $"actions/{action.Key}/action.lua";
            var ran = new HashSet<int>();
            foreach (var test in action)
            {
                ran.UnionWith((await ArgoLua.RunAsync(script, Load((string)test!["inputPath"]!), ArgoLua.PinnedNow)).Lines);
            }

            ArgoLua.ExecutableLines(script).Except(ran).Should().BeEmpty($"every branch of {script} needs an action case");
        }
    }

    private static JsonObject Tests() =>
        YamlJson.Load(Path.Combine(ArgoLua.ConfigDirectory, "actions", "action_test.yaml"))!.AsObject();

    private static JsonNode Load(string inputPath) =>
        YamlJson.Load(Path.Combine(ArgoLua.ConfigDirectory, "actions", inputPath)) ?? throw new InvalidOperationException($"{inputPath} is empty");

    /// <summary>
    /// A comparable rendering: keys sorted, numbers as doubles (Lua has only doubles), and an empty
    /// list the same as an empty map (Lua cannot tell them apart; Argo CD restores the original shape
    /// before it patches).
    /// </summary>
    private static string Canonical(JsonNode? node) => Normalize(node)?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonObject { Count: 0 } or JsonArray { Count: 0 } => new JsonObject(),
        JsonObject map => new JsonObject(map.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, Normalize(pair.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Normalize)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
        _ => node.DeepClone(),
    };
}
