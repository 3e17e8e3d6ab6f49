using k8s;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// Writes AWSCURRENT into the RotatingSecret's target Secret and lets go of it on deletion. Every
/// write is a read-compare-write against the resourceVersion just read, so a Secret that already
/// matches is never written (no resourceVersion churn, no watch events for consumers) and a concurrent
/// edit is re-read rather than overwritten. A Secret this RotatingSecret does not own (no
/// ownerReference with its uid) is never written or deleted, unless <c>target.adopt</c> says to
/// take it over.
/// </summary>
/// <param name="secrets">The Secrets API.</param>
/// <param name="cache">Where reads are served from when it holds the Secret (null: always the API server).</param>
public sealed class SecretMirror(ResourceApi<V1Secret> secrets, ManagedSecretCache? cache = null)
{
    /// <summary>A conflict means someone wrote in between; a handful of re-reads settles any realistic race.</summary>
    private const int Attempts = 5;

    /// <summary>Makes the target Secret hold <paramref name="current"/>.</summary>
    /// <exception cref="MirrorException">The value cannot be rendered as <c>target</c> asks, or the Secret is being deleted.</exception>
    /// <param name="owner">The RotatingSecret.</param>
    /// <param name="current">The value to mirror.</param>
    /// <param name="justRead">
    /// The target Secret as <see cref="ReadAsync"/> returned it moments ago (null: it did not exist), so the
    /// first attempt saves a request; a stale copy only costs a conflict and a re-read.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    public Task<MirrorResult> ApplyAsync(RotatingSecret owner, SecretValue current, V1Secret? justRead, CancellationToken ct) =>
        ApplyCoreAsync(owner, current, (justRead, true), ct);

    /// <summary>Makes the target Secret hold <paramref name="current"/>, reading it first.</summary>
    /// <exception cref="MirrorException">The value cannot be rendered as <c>target</c> asks, or the Secret is being deleted.</exception>
    public Task<MirrorResult> ApplyAsync(RotatingSecret owner, SecretValue current, CancellationToken ct) =>
        ApplyCoreAsync(owner, current, (null, false), ct);

    private async Task<MirrorResult> ApplyCoreAsync(RotatingSecret owner, SecretValue current, (V1Secret? Secret, bool Known) justRead, CancellationToken ct)
    {
        var desired = DesiredSecret.For(owner, current);
        var ns = MirrorOwnership.Namespace(owner);
        var adopt = owner.Spec.Target?.Adopt == true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A copy: what was read may be the cache's shared object, and the apply edits what it read.
                var existing = attempt == 1 && justRead.Known ? Copy(justRead.Secret) : await secrets.GetAsync(ns, desired.Name, ct);
                return await ApplyOnceAsync(ns, existing, desired, current.VersionId, adopt, ct);
            }
            catch (KubernetesApiException e) when (IsRace(e) && attempt < Attempts)
            {
                // Changed, created or deleted since we read it: read again.
            }
        }
    }

    /// <summary>
    /// Reads the target Secret without writing; null when there is none. From the cache of managed Secrets when
    /// it holds it (read-only here; a stale copy costs at most a conflict and a re-read on write), else from the API server.
    /// </summary>
    /// <param name="owner">The RotatingSecret.</param>
    /// <param name="firstPass">
    /// The resource has no status yet. Its Secret, when the synced cache does not hold it, is then taken as absent
    /// without asking the API server: that is the common case (a new resource), and the create that follows fails
    /// with AlreadyExists when someone else's Secret has the name, after which <see cref="ApplyAsync(RotatingSecret, SecretValue, V1Secret?, CancellationToken)"/>
    /// reads it and leaves it alone. One request fewer per new resource; later passes read as before, so a Secret
    /// we do not own costs one read per pass, not a failed create.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    public async Task<V1Secret?> ReadAsync(RotatingSecret owner, bool firstPass, CancellationToken ct)
    {
        var ns = MirrorOwnership.Namespace(owner);
        var name = MirrorOwnership.TargetName(owner);
        if (cache is not null && cache.Get(ns, name) is { } cached)
        {
            return cached;
        }

        return firstPass && cache?.HasSynced(ns) == true ? null : await secrets.GetAsync(ns, name, ct);
    }

    /// <summary>What <paramref name="secret"/> (the target as read, or null) says about <paramref name="owner"/>'s mirror.</summary>
    public static MirrorState StateOf(RotatingSecret owner, V1Secret? secret)
    {
        var uid = MirrorOwnership.Uid(owner);
        if (secret is null)
        {
            return new MirrorState(false, false, null, null);
        }

        string? versionId = null;
        secret.Metadata.Annotations?.TryGetValue(MirrorLabels.VersionId, out versionId);
        return new MirrorState(true, MirrorOwnership.IsOwnedBy(secret, uid), versionId, secret.Metadata.ResourceVersion);
    }

    /// <summary>
    /// Applies <paramref name="policy"/> when the RotatingSecret goes. <see cref="DeletionPolicy.Delete"/>
    /// deletes the Secret (only the incarnation found owned: uid precondition).
    /// <see cref="DeletionPolicy.Retain"/> removes our ownerReference, so garbage collection leaves the
    /// Secret, and the managed-by label, so the Secret no longer claims a manager nobody runs and drops
    /// out of the operator's Secret cache; the version annotation stays as a record of what the data is.
    /// A Secret we do not own is not touched. Idempotent: a second call finds nothing owned.
    /// </summary>
    public async Task ReleaseAsync(RotatingSecret owner, DeletionPolicy policy, CancellationToken ct)
    {
        var ns = MirrorOwnership.Namespace(owner);
        var name = MirrorOwnership.TargetName(owner);
        var uid = MirrorOwnership.Uid(owner);
        for (var attempt = 1; ; attempt++)
        {
            var secret = await secrets.GetAsync(ns, name, ct);
            if (secret is null || !MirrorOwnership.IsOwnedBy(secret, uid))
            {
                return;
            }

            try
            {
                if (policy == DeletionPolicy.Delete)
                {
                    await secrets.DeleteAsync(ns, name, ct, secret.Metadata.Uid);
                }
                else
                {
                    Disown(secret, uid);
                    await secrets.ReplaceAsync(ns, secret, ct);
                }

                return;
            }
            catch (KubernetesApiException e) when (IsRace(e) && attempt < Attempts)
            {
                // Deleted, replaced by a new incarnation or edited since we read it: decide again on a fresh read.
            }
        }
    }

    private async Task<MirrorResult> ApplyOnceAsync(string ns, V1Secret? existing, DesiredSecret desired, string versionId, bool adopt, CancellationToken ct)
    {
        if (existing is null)
        {
            var created = await secrets.CreateAsync(ns, desired.ToNew(), ct);
            return Result(MirrorOutcome.Created, created, $"created Secret {desired.Name} with version {versionId}", HeldVersion.Absent);
        }

        var owned = MirrorOwnership.IsOwnedBy(existing, desired.Owner.Uid);
        if (!owned && !adopt)
        {
            return Result(MirrorOutcome.NotOwned, existing, $"Secret {desired.Name} exists and is not managed by this RotatingSecret ({MirrorOwnership.DescribeOwners(existing)}); set target.adopt: true to take it over", HeldVersion.Current);
        }

        if (existing.Metadata.DeletionTimestamp is not null)
        {
            throw new MirrorException($"Secret {desired.Name} is being deleted; it is recreated once it is gone") { Reason = StatusReasons.TargetTerminating };
        }

        if (desired.OtherType(existing) is { } type)
        {
            // Deleting to re-create would leave the consumers without their Secret, for good if the create is then
            // refused (a quota, an admission webhook): refuse instead, change nothing, and let a person choose the moment.
            throw new MirrorException(
                $"Secret {desired.Name} has type {type} and target.type asks for {desired.Type}; a Secret's type cannot change in place, "
                + $"so nothing was changed. Delete the Secret when its consumers can do without it for a moment (it is re-created at once), or set target.type back to {type}")
            {
                Reason = StatusReasons.TargetTypeChange,
            };
        }

        var adopted = owned ? "" : " (adopted)";
        // Judged before any edit: the data as it was is what running pods can hold.
        var held = HeldBefore.Of(existing, desired);
        var replacesData = !desired.HoldsData(existing);
        if (desired.NeedsRecreate(existing))
        {
            // The data of an immutable Secret cannot change in place: its consumers hold the old data until restarted anyway.
            // The uid precondition makes sure we delete the Secret we just judged, not a newer one of the same name.
            var replacement = desired.ToNew(existing);
            if (replacesData)
            {
                HeldBefore.Stamp(replacement, held);
            }

            await secrets.DeleteAsync(ns, desired.Name, ct, existing.Metadata.Uid);
            var recreated = await secrets.CreateAsync(ns, replacement, ct);
            return Result(MirrorOutcome.Updated, recreated, $"recreated immutable Secret {desired.Name}{adopted} with version {versionId}", held);
        }

        var changed = desired.Update(existing).ToList();
        if (replacesData && HeldBefore.Stamp(existing, held) && !changed.Contains("annotations"))
        {
            changed.Add("annotations");
        }

        if (changed.Count == 0)
        {
            return Result(MirrorOutcome.Unchanged, existing, $"Secret {desired.Name} already holds version {versionId}", held);
        }

        var updated = await secrets.ReplaceAsync(ns, existing, ct);
        return Result(MirrorOutcome.Updated, updated, $"updated Secret {desired.Name}{adopted} to version {versionId}: {string.Join(", ", changed)}", held);
    }

    /// <summary>
    /// Someone wrote between our read and our write: a stale resourceVersion or uid precondition,
    /// a create that lost (AlreadyExists is a ConflictException), a replace of a Secret just deleted.
    /// </summary>
    private static bool IsRace(KubernetesApiException e) => e is ConflictException or NotFoundException;

    private static V1Secret? Copy(V1Secret? secret) =>
        secret is null ? null : KubernetesJson.Deserialize<V1Secret>(KubernetesJson.Serialize(secret));

    private static MirrorResult Result(MirrorOutcome outcome, V1Secret secret, string message, HeldVersion held) =>
        new(outcome, secret.Metadata.Name!, secret.Metadata.ResourceVersion, message, held);

    private static void Disown(V1Secret secret, string uid)
    {
        secret.Metadata.OwnerReferences = secret.Metadata.OwnerReferences?.Where(r => r.Uid != uid).ToList();
        if (secret.Metadata.Labels?.TryGetValue(MirrorLabels.ManagedBy, out var manager) == true && manager == MirrorLabels.ManagedByValue)
        {
            secret.Metadata.Labels.Remove(MirrorLabels.ManagedBy);
        }
    }
}
