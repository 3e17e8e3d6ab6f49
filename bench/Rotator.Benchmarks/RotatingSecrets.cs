using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Rotator.Api;

namespace Rotator.Benchmarks;

/// <summary>
/// The RotatingSecret CRD and objects shaped like real ones, for loading the API server.
/// </summary>
public static class RotatingSecrets
{
    public const string CrdName = "rotatingsecrets.rotator.io";

    public const string SetLabel = "rotator.io/bench";

    /// <summary>The operator's generated CRD, so the benchmark measures the schema users install (and never races the tests with a looser one).</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Benchmark tool, not trimmed.")]
    public static V1CustomResourceDefinition Crd() => KubernetesJson.Deserialize<V1CustomResourceDefinition>(JsonSerializer.Serialize(Rotator.CrdGen.CrdGenerator.Build()));

    public static string Name(int index) => $"orders-db-{index:D5}";

    /// <summary>The <paramref name="index"/>-th object of a set: a MySQL alternating-users rotation of one database.</summary>
    public static RotatingSecret Sample(int index, string ns, string set)
    {
        var name = Name(index);
        var item = new JsonObject
        {
            ["apiVersion"] = "rotator.io/v1alpha1",
            ["kind"] = "RotatingSecret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [SetLabel] = set },
            },
            ["spec"] = new JsonObject
            {
                ["secretId"] = $"shop/{name}",
                ["region"] = "eu-west-1",
                ["rotation"] = new JsonObject
                {
                    ["strategy"] = "MySQLAlternatingUsers",
                    ["schedule"] = "rate(30 days)",
                    ["password"] = new JsonObject { ["length"] = 32, ["excludeCharacters"] = "/@\"'\\" },
                    ["mysql"] = new JsonObject { ["tls"] = "Required" },
                },
                ["target"] = new JsonObject
                {
                    ["name"] = name,
                    ["keys"] = new JsonObject { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" },
                },
                ["refreshInterval"] = "5m",
                ["restart"] = new JsonObject
                {
                    ["targets"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = "orders-api" }),
                    ["when"] = "UsernameChange",
                    ["waitForRollout"] = true,
                },
            },
        };
        return KubernetesJson.Deserialize<RotatingSecret>(item.ToJsonString());
    }
}
