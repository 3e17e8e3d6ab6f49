using k8s.Models;
using Rotator.Api;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// One reconcile's view of a RotatingSecret: the resource as last read or written, the status as stored, and the
/// status being built. Immutable: every step takes one and returns the next, so what a step changed is what it returned.
/// </summary>
/// <param name="Resource">The resource as last read (or as the last checkpoint write returned it).</param>
/// <param name="Original">The status as stored, to compare with (no write when nothing changed; events only on change).</param>
/// <param name="Status">The status being built.</param>
/// <param name="Now">The pass's time, truncated to seconds as metav1 times are.</param>
public sealed record ReconcileState(RotatingSecret Resource, RotatingSecretStatus Original, RotatingSecretStatus Status, DateTimeOffset Now)
{
    /// <summary>The state at the start of a pass over <paramref name="resource"/>.</summary>
    public static ReconcileState Start(RotatingSecret resource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var status = resource.Status ?? new RotatingSecretStatus();
        return new ReconcileState(resource, status, status, Conditions.Truncate(now));
    }

    public string Namespace => Resource.Metadata.NamespaceProperty ?? "";

    public string Name => Resource.Metadata.Name ?? "";

    /// <summary>The resource as the subject of events.</summary>
    public V1ObjectReference Reference => RotatingSecretReference.Of(Resource);

    /// <summary>The state with <paramref name="change"/> applied to the status being built.</summary>
    public ReconcileState With(Func<RotatingSecretStatus, RotatingSecretStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return this with { Status = change(Status) };
    }

    /// <summary>The state with condition <paramref name="type"/> set (lastTransitionTime moves only when its status flips).</summary>
    public ReconcileState WithCondition(string type, string status, string reason, string message) =>
        With(s => s with { Conditions = Conditions.Set(s.Conditions, type, status, reason, message, Resource.Metadata.Generation, Now) });

    /// <summary>True when condition <paramref name="type"/> reads the same as stored (status, reason and message).</summary>
    public bool Unchanged(string type)
    {
        var before = Conditions.Find(Original.Conditions, type);
        var now = Conditions.Find(Status.Conditions, type);
        return before is not null && now is not null && before.Reason == now.Reason && before.Message == now.Message && before.Status == now.Status;
    }

    /// <summary>The state after <paramref name="written"/> was stored, on the <paramref name="resource"/> the write returned.</summary>
    public ReconcileState Stored(RotatingSecret resource, RotatingSecretStatus written) =>
        this with { Resource = resource, Original = written, Status = written };
}
