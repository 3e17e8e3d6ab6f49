using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Rotator.Operator.Runtime.Informers;

/// <summary>
/// The informer's in-memory copy of the watched objects. Reconcilers read here instead of calling the
/// API server, which is what keeps an idle operator at zero API reads.
/// </summary>
public sealed class InformerStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> items = new();

    public int Count => items.Count;

    public T? Get(ObjectKey key) => items.TryGetValue(key, out var item) ? item : null;

    public T? Get(string? ns, string name) => Get(new ObjectKey(ns, name));

    public IReadOnlyList<T> List(string? ns = null) =>
        ns is null ? [.. items.Values] : [.. items.Values.Where(i => i.Metadata.NamespaceProperty == ns)];

    public IReadOnlyCollection<ObjectKey> Keys => [.. items.Keys];

    internal T? Upsert(T item)
    {
        T? previous = null;
        items.AddOrUpdate(ObjectKey.Of(item), item, (_, old) =>
        {
            previous = old;
            return item;
        });
        return previous;
    }

    internal T? Remove(ObjectKey key) => items.TryRemove(key, out var old) ? old : null;
}
