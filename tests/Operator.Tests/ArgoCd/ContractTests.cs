using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.ArgoCd;

/// <summary>
/// The Argo CD scripts read RotatingSecret fields and compare against the operator's condition types,
/// reasons and annotation by name. Lua finds out about a rename only at run time, in someone's Argo
/// CD, as a wrong health; these tests find out at build time.
/// </summary>
public sealed class ContractTests
{
    /// <summary>Every field a script reads: (script, path in the CRD schema; [] steps into a list's items).</summary>
    public static TheoryData<string, string> Fields => new()
    {
        { "health.lua", "status.observedGeneration" },
        { "health.lua", "status.conditions[].type" },
        { "health.lua", "status.conditions[].status" },
        { "health.lua", "status.conditions[].reason" },
        { "health.lua", "status.conditions[].message" },
        { "health.lua", "status.rotation.versionId" },
        { "health.lua", "status.rotation.step" },
        { "health.lua", "status.rotation.attempts" },
        { "health.lua", "status.rotation.lastError" },
        { "health.lua", "status.currentVersionId" },
        { "health.lua", "status.currentUsername" },
        { "actions/rotate-now/action.lua", "status.handledRotateNow" },
        { "actions/discovery.lua", "spec.rotation.strategy" },
        { "actions/discovery.lua", "spec.rotation.suspend" },
        { "actions/rollback/action.lua", "status.handledRollback" },
        { "actions/discovery.lua", "status.currentVersionId" },
        { "actions/discovery.lua", "status.rotation" },
        { "actions/discovery.lua", "status.rollback" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_field_the_script_reads_exists_in_the_crd(string script, string path)
    {
        var node = CrdSchema();
        foreach (var step in path.Split('.'))
        {
            var name = step.TrimEnd('[', ']');
            node = node["properties"]?[name]?.AsObject() ?? throw new InvalidOperationException($"config/crds has no {path} (missing {name})");
            if (step.EndsWith("[]", StringComparison.Ordinal))
            {
                node = node["items"]!.AsObject();
            }
        }

        // The script must name the field too, so this list cannot drift from what the script reads.
        var leaf = path.Split('.')[^1].TrimEnd('[', ']');
        File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, script)).Should().Contain("." + leaf, "{0} reads {1}", script, path);
    }

    [Fact]
    public void The_names_the_scripts_compare_are_the_operators()
    {
        var health = File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, "health.lua"));
        foreach (var name in new[] { ConditionTypes.Ready, ConditionTypes.Rotating, ConditionTypes.RolloutComplete, StatusReasons.RolloutDegraded })
        {
            health.Should().Contain($"\"{name}\"");
        }

        File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, "actions", "rotate-now", "action.lua"))
            .Should().Contain($"\"{RequestAnnotations.RotateNow}\"");
        File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, "actions", "rollback", "action.lua"))
            .Should().Contain($"\"{RequestAnnotations.Rollback}\"");
        var discovery = File.ReadAllText(Path.Combine(ArgoLua.ConfigDirectory, "actions", "discovery.lua"));
        var strategies = CrdSchema()["properties"]!["spec"]!["properties"]!["rotation"]!["properties"]!["strategy"]!["enum"]!.AsArray()
            .Select(v => (string?)v);
        foreach (var strategy in new[] { nameof(RotationStrategy.None), nameof(RotationStrategy.AwsManaged) })
        {
            discovery.Should().Contain($"\"{strategy}\"");
            strategies.Should().Contain(strategy);
        }
    }

    private static JsonObject CrdSchema()
    {
        var crd = YamlJson.Load(Path.Combine(RepositoryRoot.Path, "config", "crds", "rotatingsecrets.rotator.io.yaml"))!;
        return crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    }
}
