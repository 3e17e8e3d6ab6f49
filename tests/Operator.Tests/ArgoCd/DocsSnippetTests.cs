using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>
/// docs/argocd.md carries a ready-to-paste argocd-cm snippet with the scripts embedded. Pasted
/// scripts drift from the tested files unless something compares them: this test does.
/// </summary>
public sealed partial class DocsSnippetTests
{
    [Fact]
    public void The_argocd_cm_snippet_embeds_the_tested_scripts_under_argo_cds_keys()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "argocd.md"));
        var block = YamlBlocks().Matches(docs).Select(m => m.Groups[1].Value).Single(b => b.Contains("name: argocd-cm", StringComparison.Ordinal));
        var configMap = YamlJson.Parse(new StringReader(block))!;
        var data = configMap["data"]!;

        ((string?)data["resource.customizations.health.rotator.io_RotatingSecret"]).Should().Be(Script("health.lua"));

        // The actions key holds YAML of its own: discovery.lua plus one definition per action.
        var actions = YamlJson.Parse(new StringReader((string)data["resource.customizations.actions.rotator.io_RotatingSecret"]!))!;
        ((string?)actions["discovery.lua"]).Should().Be(Script("actions/discovery.lua"));
        var definitions = actions["definitions"]!.AsArray();
        definitions.Select(d => (string?)d!["name"]).Should().Equal("rotate-now", "rollback");
        foreach (var definition in definitions)
        {
            ((string?)definition!["action.lua"]).Should().Be(Script($"actions/{definition["name"]}/action.lua"));
        }
    }

    private static string Script(string path) => File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, path));

    [GeneratedRegex(@"^```yaml\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex YamlBlocks();
}
