using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Engine;

/// <summary>A secret's staging labels (DescribeSecret's <c>VersionIdsToStages</c>), asked the questions the protocol asks.</summary>
internal sealed class VersionLabels(IReadOnlyDictionary<string, IReadOnlyList<string>> versionIdsToStages)
{
    public string? HolderOf(string stage) =>
        versionIdsToStages.FirstOrDefault(v => v.Value.Contains(stage, StringComparer.Ordinal)).Key;

    public bool Has(string versionId, string stage) =>
        versionIdsToStages.TryGetValue(versionId, out var stages) && stages.Contains(stage, StringComparer.Ordinal);

    public bool Contains(string versionId) => versionIdsToStages.ContainsKey(versionId);

    public string Describe(string versionId) =>
        versionIdsToStages.TryGetValue(versionId, out var stages) && stages.Count > 0 ? string.Join(", ", stages) : "no labels";
}
