using k8s.Models;
using Rotator.Api;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// Which Secret a RotatingSecret mirrors into and whether it owns it. Ownership is the ownerReference
/// carrying the RotatingSecret's uid, not the managed-by label: anyone can set a label, and a uid
/// also tells a recreated RotatingSecret of the same name from the one that made the Secret.
/// </summary>
public static class MirrorOwnership
{
    /// <summary>Secrets are always Opaque unless <c>target.type</c> says otherwise.</summary>
    public const string DefaultType = "Opaque";

    public static string TargetName(RotatingSecret owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Spec.Target?.Name
            ?? owner.Metadata.Name
            ?? throw new ArgumentException("the RotatingSecret has no name", nameof(owner));
    }

    public static string Namespace(RotatingSecret owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Metadata.NamespaceProperty ?? throw new ArgumentException("the RotatingSecret has no namespace", nameof(owner));
    }

    public static string Uid(RotatingSecret owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Metadata.Uid ?? throw new ArgumentException("the RotatingSecret has no uid (was it read from the API server?)", nameof(owner));
    }

    /// <summary>
    /// The controller reference the Secret carries. blockOwnerDeletion stays false: true would need
    /// <c>update</c> on <c>rotatingsecrets/finalizers</c> (OwnerReferencesPermissionEnforcement) and
    /// nothing waits for the Secret in foreground deletion anyway.
    /// </summary>
    public static V1OwnerReference ReferenceTo(RotatingSecret owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
        {
            ApiVersion = $"{RotatingSecret.Group}/{RotatingSecret.Version}",
            Kind = nameof(RotatingSecret),
            Name = owner.Metadata.Name ?? throw new ArgumentException("the RotatingSecret has no name", nameof(owner)),
            Uid = Uid(owner),
            Controller = true,
            BlockOwnerDeletion = false,
        };
    }

    public static bool IsOwnedBy(V1Secret secret, string ownerUid)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Metadata.OwnerReferences?.Any(r => r.Uid == ownerUid) == true;
    }

    /// <summary>Who owns the Secret, for a NotOwned message: "no ownerReference" or "Kind/name (uid)".</summary>
    public static string DescribeOwners(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Metadata.OwnerReferences is { Count: > 0 } refs
            ? "owned by " + string.Join(", ", refs.Select(r => $"{r.Kind}/{r.Name} (uid {r.Uid})"))
            : "it has no ownerReference";
    }
}
