using System.Text.Json.Nodes;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>A secret's labels and versions as boto3 (an independent client) sees them in moto.</summary>
internal sealed record ObservedSecret(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Stages, int VersionCount, string CurrentVersionId, string? CurrentValue, string? PreviousVersionId)
{
    public string? HolderOf(string stage) => Stages.FirstOrDefault(s => s.Value.Contains(stage)).Key;

    public static async Task<ObservedSecret> ReadAsync(MotoServer moto, string secretId)
    {
        var state = await Boto3.RunAsync(moto, """
            d = sm.describe_secret(SecretId=args[0])
            versions = sm.list_secret_version_ids(SecretId=args[0], IncludeDeprecated=True)["Versions"]
            current = sm.get_secret_value(SecretId=args[0], VersionStage="AWSCURRENT")
            stages = {k: sorted(v) for k, v in d["VersionIdsToStages"].items()}
            previous = [k for k, v in stages.items() if "AWSPREVIOUS" in v]
            result = {
                "stages": stages,
                "versions": len(versions),
                "current": current["VersionId"],
                "value": current.get("SecretString"),
                "previous": previous[0] if previous else None,
            }
            """, secretId);
        var stages = state!["stages"]!.AsObject().ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)[.. p.Value!.AsArray().Select(s => (string)s!)]);
        return new ObservedSecret(stages, (int)state["versions"]!, (string)state["current"]!, (string?)state["value"], (string?)state["previous"]);
    }

    /// <summary>Never prints the value.</summary>
    public override string ToString() =>
        $"ObservedSecret {{ Stages = {new JsonObject(Stages.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonArray([.. s.Value.Select(v => JsonValue.Create(v))])))).ToJsonString()}, Versions = {VersionCount} }}";
}
