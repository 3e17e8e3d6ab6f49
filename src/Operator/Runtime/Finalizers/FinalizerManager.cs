using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Runtime.Finalizers;

/// <summary>
/// Adds and removes one finalizer with JSON patches guarded by a <c>test</c> of the object's
/// resourceVersion, so a finalizer list someone else changed meanwhile is never overwritten (a plain
/// merge patch of <c>metadata.finalizers</c> replaces the whole list and can drop another controller's
/// finalizer). On conflict the object is re-read and the patch recomputed.
/// </summary>
public sealed class FinalizerManager<T>(ResourceApi<T> client, string finalizer)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const int Attempts = 5;

    public string Finalizer => finalizer;

    public bool Has(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Metadata.Finalizers?.Contains(finalizer) == true;
    }

    /// <summary>Adds the finalizer unless present; returns the object as stored.</summary>
    public Task<T> AddAsync(T item, CancellationToken cancellationToken) =>
        MutateAsync(item, current => Has(current) ? null : Patch(current, add: true), cancellationToken);

    /// <summary>
    /// Removes the finalizer unless absent. Callers pass <see cref="CancellationToken.None"/> during
    /// shutdown: the cleanup already happened, and leaving the finalizer behind would block deletion
    /// until the next leader redoes it.
    /// </summary>
    public Task<T> RemoveAsync(T item, CancellationToken cancellationToken) =>
        MutateAsync(item, current => Has(current) ? Patch(current, add: false) : null, cancellationToken);

    private async Task<T> MutateAsync(T item, Func<T, JsonArray?> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var current = item;
        for (var attempt = 1; ; attempt++)
        {
            var patch = build(current);
            if (patch is null)
            {
                return current;
            }

            try
            {
                return await client.PatchAsync(current.Metadata.NamespaceProperty, current.Metadata.Name, patch, V1Patch.PatchType.JsonPatch, cancellationToken);
            }
            catch (Exception e) when (e is InvalidException or ConflictException && attempt < Attempts)
            {
                // The test op failed: the object changed since we read it. Re-read and retry on the new version.
                current = await client.GetAsync(current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken)
                    ?? throw new NotFoundException("get", client.Type.ResourceName, null);
            }
        }
    }

    private JsonArray Patch(T current, bool add)
    {
        var operations = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = current.Metadata.ResourceVersion });
        var finalizers = current.Metadata.Finalizers ?? [];
        if (add)
        {
            operations.Add(finalizers.Count == 0
                ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray(finalizer) }
                : new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = finalizer });
        }
        else
        {
            operations.Add(new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/finalizers/{finalizers.IndexOf(finalizer)}" });
        }

        return operations;
    }
}
