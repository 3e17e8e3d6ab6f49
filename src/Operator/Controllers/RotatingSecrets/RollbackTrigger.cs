using Rotator.Api;


namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Whether a rollback is asked for: a value of <c>rotator.io/rollback</c> not yet acted on (once per value, like
/// rotate-now, so re-applying a manifest or an Argo CD sync does not roll back twice), or one already in flight.
/// </summary>
public static class RollbackTrigger
{
    /// <returns>The annotation value to act on now, or null.</returns>
    public static string? NewRequest(RotatingSecret resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Annotations?.TryGetValue(RequestAnnotations.Rollback, out var value) == true
            && !string.IsNullOrWhiteSpace(value) && value != resource.Status?.HandledRollback
            ? value
            : null;
    }

    /// <summary>A rollback in flight, or a new request.</summary>
    public static bool Pending(RotatingSecret resource) => NewRequest(resource) is not null || resource.Status?.Rollback is not null;
}
