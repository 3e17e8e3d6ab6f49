using System.Text.Json.Nodes;
using Rotator.Testbed;
using YamlDotNet.Serialization;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// The rules in <c>config/rbac/</c>, the single source of the operator's permissions, in a form that
/// compares with rendered rules: one line per rule, in the order written.
/// </summary>
internal static class RbacRules
{
    public static IReadOnlyList<string> Operator => FromFile("clusterrole.yaml");

    public static IReadOnlyList<string> LeaderElection => FromFile("leader-election-role.yaml");

    public static IReadOnlyList<string> Of(JsonObject role) =>
        [.. role["rules"]!.AsArray().Select(r => Line(Field(r!, "apiGroups"), Field(r!, "resources"), Field(r!, "verbs"), Field(r!, "resourceNames")))];

    private static IReadOnlyList<string> FromFile(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "config", "rbac", name));
        var role = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);
        return [.. ((List<object>)role["rules"]).Cast<Dictionary<object, object>>().Select(r =>
            Line(Field(r, "apiGroups"), Field(r, "resources"), Field(r, "verbs"), Field(r, "resourceNames")))];
    }

    private static IEnumerable<string> Field(JsonNode rule, string name) =>
        rule[name]?.AsArray().Select(v => (string)v!) ?? [];

    private static IEnumerable<string> Field(Dictionary<object, object> rule, string name) =>
        rule.TryGetValue(name, out var list) ? ((List<object>)list).Select(v => (string)v) : [];

    private static string Line(IEnumerable<string> groups, IEnumerable<string> resources, IEnumerable<string> verbs, IEnumerable<string> names) =>
        $"apiGroups=[{string.Join(',', groups)}] resources=[{string.Join(',', resources)}] verbs=[{string.Join(',', verbs)}] resourceNames=[{string.Join(',', names)}]";
}
