using k8s.Models;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// The Secret a RotatingSecret wants for one AWSCURRENT value, and the edits that bring an existing
/// Secret there. Only what the operator sets is compared: labels and annotations other tools add are
/// left alone, so two writers never fight over them; a key the operator set from <c>target.labels</c> or
/// <c>target.annotations</c> and the spec no longer names is removed (<see cref="MirrorLabels.ManagedLabels"/>).
/// Data is compared whole, because the Secret mirrors AWS: a key added by hand or dropped from
/// <c>target.keys</c> must go.
/// </summary>
public sealed class DesiredSecret
{
    private DesiredSecret(string name, string type, IReadOnlyDictionary<string, byte[]> data, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, V1OwnerReference owner, string? usernameKey)
    {
        UserLabelKeys = KeysFrom(annotations, MirrorLabels.ManagedLabels);
        UserAnnotationKeys = KeysFrom(annotations, MirrorLabels.ManagedAnnotations);
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

    /// <summary>The keys of <see cref="Labels"/> that come from <c>target.labels</c>.</summary>
    public IReadOnlySet<string> UserLabelKeys { get; }

    /// <summary>The keys of <see cref="Annotations"/> that come from <c>target.annotations</c>.</summary>
    public IReadOnlySet<string> UserAnnotationKeys { get; }

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
        Track(annotations, MirrorLabels.ManagedLabels, target?.Labels?.Keys.Where(k => k != MirrorLabels.ManagedBy));
        Track(annotations, MirrorLabels.ManagedAnnotations, target?.Annotations?.Keys.Where(k => !IsOwnAnnotation(k)));
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
    /// A Secret to create. With <paramref name="replacing"/> (an immutable Secret deleted to change its data) its
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

    /// <summary>The type <paramref name="existing"/> has when it is not the one wanted (a Secret's type cannot change in place), else null.</summary>
    public string? OtherType(V1Secret existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var type = existing.Type ?? MirrorOwnership.DefaultType;
        return string.Equals(type, Type, StringComparison.Ordinal) ? null : type;
    }

    /// <summary>True when <paramref name="existing"/> is marked <c>immutable</c> and its data must change, which only a new Secret can do.</summary>
    public bool NeedsRecreate(V1Secret existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return existing.Immutable == true && !DataEquals(existing.Data);
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

        if (Forget(existing.Metadata.Labels, StaleKeys(existing, MirrorLabels.ManagedLabels, UserLabelKeys)))
        {
            changed.Add("labels");
        }

        if (Forget(existing.Metadata.Annotations, StaleAnnotations(existing)))
        {
            changed.Add("annotations");
        }

        if (Merge(existing.Metadata.Labels, Labels) is { } labels)
        {
            existing.Metadata.Labels = labels;
            AddOnce(changed, "labels");
        }

        if (Merge(existing.Metadata.Annotations, Annotations) is { } annotations)
        {
            existing.Metadata.Annotations = annotations;
            AddOnce(changed, "annotations");
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

    /// <summary>Keys the operator set from the spec before (as the Secret records) that the spec no longer names.</summary>
    private static IEnumerable<string> StaleKeys(V1Secret existing, string record, IReadOnlySet<string> wanted) =>
        KeysFrom(existing.Metadata.Annotations, record).Where(k => !wanted.Contains(k));

    private IEnumerable<string> StaleAnnotations(V1Secret existing)
    {
        var stale = StaleKeys(existing, MirrorLabels.ManagedAnnotations, UserAnnotationKeys).Where(k => !IsOwnAnnotation(k)).ToList();

        // A record whose list became empty goes too, so a Secret whose spec names none carries none.
        foreach (var record in new[] { MirrorLabels.ManagedLabels, MirrorLabels.ManagedAnnotations })
        {
            if (!Annotations.ContainsKey(record) && existing.Metadata.Annotations?.ContainsKey(record) == true)
            {
                stale.Add(record);
            }
        }

        return stale;
    }

    private static bool Forget(IDictionary<string, string>? map, IEnumerable<string> keys)
    {
        var removed = false;
        foreach (var key in keys)
        {
            removed |= map?.Remove(key) == true;
        }

        return removed;
    }

    private static void AddOnce(List<string> changed, string what)
    {
        if (!changed.Contains(what))
        {
            changed.Add(what);
        }
    }

    // The operator's own annotations (version, records) are never the user's to set or to have removed.
    private static bool IsOwnAnnotation(string key) =>
        key is MirrorLabels.VersionId or MirrorLabels.ReplacedVersionId or MirrorLabels.ManagedLabels or MirrorLabels.ManagedAnnotations;

    private static void Track(IDictionary<string, string> annotations, string record, IEnumerable<string>? keys)
    {
        var sorted = (keys ?? []).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count > 0)
        {
            annotations[record] = string.Join(',', sorted);
        }
    }

    private static HashSet<string> KeysFrom(IEnumerable<KeyValuePair<string, string>>? annotations, string record)
    {
        var value = annotations?.FirstOrDefault(pair => pair.Key == record).Value;
        return string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static void Copy(IEnumerable<KeyValuePair<string, string>>? from, IDictionary<string, string> to)
    {
        foreach (var (key, value) in from ?? [])
        {
            to[key] = value;
        }
    }
}
