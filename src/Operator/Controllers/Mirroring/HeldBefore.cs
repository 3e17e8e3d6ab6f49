using System.Text;
using Rotator.Operator.Controllers.Restarts;
using k8s.Models;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// Reads, from an existing Secret about to be rewritten, what its consumers can hold, and stamps the Secret with
/// the version its data replaces (<see cref="MirrorLabels.ReplacedVersionId"/>), so the answer survives a crash
/// between the write and the restarts.
/// </summary>
internal static class HeldBefore
{
    /// <summary>What the consumers of <paramref name="existing"/> can hold, judged before <paramref name="desired"/> is written over it.</summary>
    public static HeldVersion Of(V1Secret existing, DesiredSecret desired)
    {
        var annotations = existing.Metadata.Annotations;
        if (!desired.HoldsData(existing))
        {
            var version = annotations?.TryGetValue(MirrorLabels.VersionId, out var v) == true && !string.IsNullOrEmpty(v) ? v : MirrorLabels.Unknown;
            // User names are not secret (status shows them); the value of the username key says which user the pods hold.
            var username = desired.UsernameKey is { } key && existing.Data?.TryGetValue(key, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
            return new HeldVersion(HeldKind.Other, version, username, desired.UsernameKey is not null);
        }

        // The data is already current, but an earlier write replaced other data and nothing recorded that its consumers moved.
        return annotations?.TryGetValue(MirrorLabels.ReplacedVersionId, out var replaced) == true && !string.IsNullOrEmpty(replaced) && replaced != desired.VersionId
            ? new HeldVersion(HeldKind.Other, replaced, null, false)
            : HeldVersion.Current;
    }

    /// <summary>Records on <paramref name="secret"/> the version whose data it replaces; false when it already says so.</summary>
    public static bool Stamp(V1Secret secret, HeldVersion held)
    {
        if (held.Kind != HeldKind.Other || held.VersionId is not { } replaced)
        {
            return false;
        }

        var annotations = secret.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (annotations.TryGetValue(MirrorLabels.ReplacedVersionId, out var existing) && existing == replaced)
        {
            return false;
        }

        annotations[MirrorLabels.ReplacedVersionId] = replaced;
        return true;
    }
}
