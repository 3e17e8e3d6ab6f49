using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Writes a RotatingSecret's status: only when it changed (an idle refresh writes nothing, and <c>lastSyncTime</c>
/// moves only with a real change), and only over the resourceVersion the pass read.
/// </summary>
public sealed class StatusWriter(ResourceApi<RotatingSecret> resources)
{
    /// <summary>Conflicts caused by a user's concurrent spec edit are retried this many times on a fresh read.</summary>
    private const int Attempts = 3;

    /// <summary>Stores <see cref="ReconcileState.Status"/> when it differs from what is stored; returns the state after the write.</summary>
    public async Task<ReconcileState> WriteAsync(ReconcileState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var after = state.Status with { ObservedGeneration = state.Resource.Metadata.Generation, LastSyncTime = null };
        if (Json(state.Original with { LastSyncTime = null }) == Json(after))
        {
            return state;
        }

        after = after with { LastSyncTime = state.Now };
        var resource = state.Resource;
        for (var attempt = 1; ; attempt++)
        {
            // The resourceVersion makes the write conditional: a pass that started from a stale cached copy
            // (the watch event of our own last write not yet delivered) must not overwrite newer status, or
            // it would resume a rotation that already finished and count it twice.
            var patch = new JsonArray(
                new JsonObject { ["op"] = "replace", ["path"] = "/metadata/resourceVersion", ["value"] = resource.Metadata.ResourceVersion },
                new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = Serialize(after) });
            try
            {
                resource = await resources.PatchStatusAsync(resource.Metadata.NamespaceProperty, resource.Metadata.Name, patch, V1Patch.PatchType.JsonPatch, cancellationToken);
                return state.Stored(resource, after);
            }
            catch (ConflictException) when (attempt < Attempts)
            {
                // Someone changed the object since it was read. If only spec or metadata moved (a user's edit),
                // the status we computed still stands on what we read: write it on the fresh version. If the
                // status moved, this pass worked from stale data: the conflict goes up and the key is retried.
                var fresh = await resources.GetAsync(resource.Metadata.NamespaceProperty, resource.Metadata.Name, cancellationToken);
                if (fresh is null || Json(fresh.Status ?? new RotatingSecretStatus()) != Json(state.Original))
                {
                    throw;
                }

                resource = fresh;
            }
        }
    }

    private static string Json(RotatingSecretStatus status) => Serialize(status).ToJsonString();

    private static JsonNode Serialize(RotatingSecretStatus status) =>
        JsonSerializer.SerializeToNode(status, ResourcesJsonContext.Default.RotatingSecretStatus) ?? new JsonObject();
}
