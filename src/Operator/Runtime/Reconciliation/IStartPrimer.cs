namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// A reconciler told, at each start of its controller and before the first reconcile, which objects the cache
/// holds, so that what their first passes would each fetch alone can be fetched for all of them in one batch
/// (the RotatingSecret reconciler lists the AWS secrets of a restart's resources in one ListSecrets listing).
/// </summary>
public interface IStartPrimer<in T>
    where T : class
{
    /// <summary>Called once per start with every cached object; must return quickly and never throw for one object.</summary>
    void Prime(IReadOnlyList<T> cached);
}
