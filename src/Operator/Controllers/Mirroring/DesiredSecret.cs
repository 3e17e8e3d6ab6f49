using k8s.Models;
using Rotator.Operator.Resources;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// The Secret a RotatingSecret wants for one AWSCURRENT value, and the edits that bring an existing
/// Secret there. Only what the operator sets is compared: labels and annotations other tools add are
/// left alone, so two writers never fight over them. Data is compared whole, because the Secret
/// mirrors AWS: a key added by hand or dropped from <c>target.keys</c> must go.
/// </summary>
public sealed class DesiredSecret
{
    private DesiredSecret(string name, string type, IReadOnlyDictionary<string, byte[]> data, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, V1OwnerReference owner, string? usernameKey)
    {
        UsernameKey = usernameKey;
        Name = name;
        Type = type;
        Data = data;
        Labels = labels;
        Annotations = annotations;
        Owner = owner;
    }

    public string Name { get; }

    public string Type { get; }

    public IReadOnlyDictionary<string, byte[]> Data { get; }

    /// <summary><c>target.labels</c> plus the managed-by label (which wins over a same-named user label).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary><c>target.annotations</c> plus the version annotation (which wins).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; }

    public V1OwnerReference Owner { get; }

    /// <summary>The data key that holds the secret's <c>username</c> field (null when it is not mirrored), to read which user a Secret named before it is rewritten.</summary>
    public string? UsernameKey { get; }

    /// <summary>The version this Secret is rendered from (its <see cref="MirrorLabels.VersionId"/> annotation).</summary>
    public string VersionId => Annotations[MirrorLabels.VersionId];

    /// <exception cref="MirrorException">The value cannot be rendered as <c>target</c> asks.</exception>
    public static DesiredSecret For(RotatingSecret owner, SecretValue current)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(current);
        var target = owner.Spec.Target;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Copy(target?.Labels, labels);
        labels[MirrorLabels.ManagedBy] = MirrorLabels.ManagedByValue;
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Copy(target?.Annotations, annotations);
        annotations[MirrorLabels.VersionId] = current.VersionId;
        return new DesiredSecret(
            MirrorOwnership.TargetName(owner),
            string.IsNullOrEmpty(target?.Type) ? MirrorOwnership.DefaultType : target.Type,
            SecretDataRenderer.Render(current, target?.Keys, target?.Template, target?.BinaryKey),
            labels,
            annotations,
            MirrorOwnership.ReferenceTo(owner),
            current.SecretBinary is not null ? null : target?.Keys is { Count: > 0 } keys ? keys.GetValueOrDefault("username") : "username");
    }

    /// <summary>
    /// A Secret to create. With <paramref name="replacing"/> (a Secret deleted to change its type) its
    /// foreign labels, annotations and non-controller owners carry over, so recreating loses nothing
    /// that a plain update would have kept.
    /// </summary>
    public V1Secret ToNew(V1Secret? replacing = null)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                Labels = replacing?.Metadata.Labels,
                Annotations = replacing?.Metadata.Annotations,
                OwnerReferences = replacing?.Metadata.OwnerReferences,
            },
            Type = Type,
        };
        Update(secret);
        return secret;
    }

    /// <summary>
    /// True when <paramref name="existing"/> cannot be updated in place: type is immutable, and so is
    /// the data of a Secret marked <c>immutable</c>.
    /// </summary>
    public bool NeedsRecreate(V1Secret existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return !string.Equals(existing.Type ?? MirrorOwnership.DefaultType, Type, StringComparison.Ordinal)
            || (existing.Immutable == true && !DataEquals(existing.Data));
    }

    /// <summary>Edits <paramref name="existing"/> in place; returns what differed (empty: nothing to write).</summary>
    public IReadOnlyList<string> Update(V1Secret existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var changed = new List<string>();
        if (!DataEquals(existing.Data))
        {
            existing.Data = new Dictionary<string, byte[]>(Data, StringComparer.Ordinal);
            changed.Add("data");
        }

        if (Merge(existing.Metadata.Labels, Labels) is { } labels)
        {
            existing.Metadata.Labels = labels;
            changed.Add("labels");
        }

        if (Merge(existing.Metadata.Annotations, Annotations) is { } annotations)
        {
            existing.Metadata.Annotations = annotations;
            changed.Add("annotations");
        }

        if (ReconcileOwners(existing.Metadata.OwnerReferences) is { } owners)
        {
            existing.Metadata.OwnerReferences = owners;
            changed.Add("ownerReferences");
        }

        return changed;
    }

    /// <summary>True when <paramref name="existing"/> holds exactly the desired data.</summary>
    public bool HoldsData(V1Secret existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return DataEquals(existing.Data);
    }

    private bool DataEquals(IDictionary<string, byte[]>? actual)
    {
        actual ??= new Dictionary<string, byte[]>();
        return actual.Count == Data.Count
            && Data.All(pair => actual.TryGetValue(pair.Key, out var bytes) && bytes.AsSpan().SequenceEqual(pair.Value));
    }

    /// <summary>The merged map when a wanted entry is missing or different, else null.</summary>
    private static Dictionary<string, string>? Merge(IDictionary<string, string>? actual, IReadOnlyDictionary<string, string> wanted)
    {
        if (wanted.All(pair => actual?.TryGetValue(pair.Key, out var value) == true && value == pair.Value))
        {
            return null;
        }

        var merged = new Dictionary<string, string>(actual ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        Copy(wanted, merged);
        return merged;
    }

    /// <summary>
    /// Our controller reference, exactly once and as we want it, when it is not already so. Another
    /// controller reference is dropped: the API server allows only one, and reaching here with one
    /// means the Secret is being adopted. Non-controller owners stay.
    /// </summary>
    private List<V1OwnerReference>? ReconcileOwners(IList<V1OwnerReference>? actual)
    {
        actual ??= [];
        if (actual.Count(r => r.Uid == Owner.Uid) == 1 && actual.Any(IsOurs) && !actual.Any(r => r.Controller == true && r.Uid != Owner.Uid))
        {
            return null;
        }

        var owners = actual.Where(r => r.Uid != Owner.Uid && r.Controller != true).ToList();
        owners.Add(Owner);
        return owners;
    }

    /// <summary>Our reference exactly as we want it (the library's reference type has no value equality).</summary>
    private bool IsOurs(V1OwnerReference r) =>
        r.Uid == Owner.Uid && r.ApiVersion == Owner.ApiVersion && r.Kind == Owner.Kind && r.Name == Owner.Name
        && r.Controller == Owner.Controller && r.BlockOwnerDeletion == Owner.BlockOwnerDeletion;

    private static void Copy(IEnumerable<KeyValuePair<string, string>>? from, IDictionary<string, string> to)
    {
        foreach (var (key, value) in from ?? [])
        {
            to[key] = value;
        }
    }
}
