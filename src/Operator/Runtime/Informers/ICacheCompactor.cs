namespace Rotator.Operator.Runtime.Informers;

/// <summary>
/// Shrinks an object of one kind before an informer caches it, beyond what the informer does for every kind
/// (no managedFields, pooled metadata strings): e.g. pooled condition types and reasons of a RotatingSecret.
/// It may only drop what no reader of the cache needs and replace strings by equal ones.
/// </summary>
public interface ICacheCompactor<in T>
{
    void Compact(T item, StringPool strings);
}
