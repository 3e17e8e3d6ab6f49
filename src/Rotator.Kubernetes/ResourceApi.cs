using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Rotator.Kubernetes.Errors;

namespace Rotator.Kubernetes;

/// <summary>
/// Typed calls for one resource type over the library's generic (custom-object) operations, which address
/// any group, the core one included. Adds what every caller wants and the library leaves to each: a missing
/// object as null, every page of a list, a watch that ends with a typed error, an optimistic-concurrency
/// update loop, and errors mapped to <see cref="KubernetesApiException"/>s that name the verb and resource.
/// </summary>
public sealed class ResourceApi<T>(IKubernetes client, ResourceType<T> type, string fieldManager)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public ResourceType<T> Type => type;

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> GetAsync(string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = Namespaced(ns)
                ? await client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<T>(type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<T>(type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken);
            return response.Body;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "get", type.ResourceName);
        }
    }

    /// <summary>One page.</summary>
    public async Task<KubernetesList<T>> ListAsync(string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions();
        try
        {
            using var response = Namespaced(ns)
                ? await client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    type.Group, type.Version, ns, type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: cancellationToken)
                : await client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<KubernetesList<T>>(
                    type.Group, type.Version, type.Plural, continueParameter: options.Continue, fieldSelector: options.FieldSelector,
                    labelSelector: options.LabelSelector, limit: options.Limit, resourceVersion: options.ResourceVersion, cancellationToken: cancellationToken);
            var list = response.Body;
            list.Items ??= [];
            list.Metadata ??= new V1ListMeta();
            return list;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "list", type.ResourceName);
        }
    }

    /// <summary>Every page, following continue tokens; the result carries the first page's resourceVersion (a consistent snapshot).</summary>
    public async Task<KubernetesList<T>> ListAllAsync(string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions { Limit = 500 };
        var first = await ListAsync(ns, options, cancellationToken);
        var items = first.Items as List<T> ?? [.. first.Items];
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.ContinueProperty))
        {
            page = await ListAsync(ns, options with { Continue = page.Metadata.ContinueProperty, ResourceVersion = null }, cancellationToken);
            items.AddRange(page.Items);
        }

        first.Items = items;
        first.Metadata.ContinueProperty = null;
        return first;
    }

    /// <summary>
    /// Streams watch events until the server ends the watch or <paramref name="cancellationToken"/> fires.
    /// An expired resourceVersion ends it with <see cref="GoneException"/>, whether the server says so in
    /// its answer (HTTP 410) or in an ERROR event.
    /// </summary>
    public async IAsyncEnumerable<(WatchEventType Type, T Item)> WatchAsync(string? ns, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        var timeout = options.Timeout is { } t ? (int?)t.TotalSeconds : null;
        var response = Namespaced(ns)
            ? client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<T>(
                type.Group, type.Version, ns, type.Plural, allowWatchBookmarks: options.AllowBookmarks, fieldSelector: options.FieldSelector,
                labelSelector: options.LabelSelector, resourceVersion: options.ResourceVersion, timeoutSeconds: timeout, watch: true, cancellationToken: stop.Token)
            : client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<T>(
                type.Group, type.Version, type.Plural, allowWatchBookmarks: options.AllowBookmarks, fieldSelector: options.FieldSelector,
                labelSelector: options.LabelSelector, resourceVersion: options.ResourceVersion, timeoutSeconds: timeout, watch: true, cancellationToken: stop.Token);

        // The library hands ERROR events and unreadable lines to a callback and reads on; the first one ends this watch.
#pragma warning disable CS0618 // The library's only typed watch over its generic calls; its replacements are per kind or untyped.
        var events = response.WatchAsync<T, T>(
            e =>
            {
                failure ??= e;
                stop.Cancel();
            },
            stop.Token);
#pragma warning restore CS0618
        await using var enumerator = events.GetAsyncEnumerator(stop.Token);
        while (true)
        {
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e)
            {
                throw KubernetesErrors.From(e, "watch", type.ResourceName);
            }
            catch (Exception e) when (e is EndOfStreamException || e.InnerException is EndOfStreamException)
            {
                // The library reads the first line before it returns; a watch the server ends without one is an empty watch.
                break;
            }

            yield return enumerator.Current;
        }

        if (failure is not null)
        {
            throw failure is KubernetesException error
                ? KubernetesErrors.From(error, type.ResourceName)
                : new KubernetesApiException($"watch {type.ResourceName}: unreadable event: {failure.Message}", failure);
        }
    }

    public async Task<T> CreateAsync(string? ns, T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ApiVersion ??= type.ApiVersion;
        item.Kind ??= type.Kind;
        try
        {
            using var response = Namespaced(ns)
                ? await client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<T>(item, type.Group, type.Version, ns, type.Plural, fieldManager: fieldManager, cancellationToken: cancellationToken)
                : await client.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<T>(item, type.Group, type.Version, type.Plural, fieldManager: fieldManager, cancellationToken: cancellationToken);
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "create", type.ResourceName);
        }
    }

    /// <summary>Replaces the object (PUT); fails with <see cref="ConflictException"/> when its resourceVersion is stale.</summary>
    public async Task<T> ReplaceAsync(string? ns, T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ApiVersion ??= type.ApiVersion;
        item.Kind ??= type.Kind;
        var name = item.Metadata.Name;
        try
        {
            using var response = Namespaced(ns)
                ? await client.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<T>(item, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken)
                : await client.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<T>(item, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken);
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "update", type.ResourceName);
        }
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency: <paramref name="mutate"/> edits a fresh copy and
    /// returns false when nothing needs writing; a 409 Conflict (someone wrote in between) re-reads and
    /// re-applies after a short jittered backoff, up to <paramref name="attempts"/> times. Returns the
    /// object as stored, or null when it does not exist.
    /// </summary>
    public async Task<T?> UpdateAsync(string? ns, string name, Func<T, bool> mutate, CancellationToken cancellationToken, int attempts = 10)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                // Writers that retry in lockstep collide again; a random, growing pause (10 ms .. 1 s) breaks the tie.
                var backoff = Math.Min(10 * (1 << Math.Min(attempt - 2, 7)), 1000) * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(TimeSpan.FromMilliseconds(backoff), cancellationToken);
            }

            var current = await GetAsync(ns, name, cancellationToken);
            if (current is null || !mutate(current))
            {
                return current;
            }

            try
            {
                return await ReplaceAsync(ns, current, cancellationToken);
            }
            catch (ConflictException) when (attempt < attempts)
            {
                // Lost the race: re-read and re-apply on the new version.
            }
        }
    }

    /// <summary>A merge or JSON patch (<see cref="V1Patch.PatchType"/>) of the object.</summary>
    public Task<T> PatchAsync(string? ns, string name, JsonNode patch, V1Patch.PatchType patchType, CancellationToken cancellationToken) =>
        PatchCoreAsync(ns, name, false, patch, patchType, cancellationToken);

    /// <summary>Patches the <c>/status</c> subresource: the only way an operator should write status.</summary>
    public Task<T> PatchStatusAsync(string? ns, string name, JsonNode patch, V1Patch.PatchType patchType, CancellationToken cancellationToken) =>
        PatchCoreAsync(ns, name, true, patch, patchType, cancellationToken);

    /// <summary>Deletes; true when it existed. With <paramref name="uid"/>, only that incarnation of the name is deleted.</summary>
    public async Task<bool> DeleteAsync(string? ns, string name, CancellationToken cancellationToken, string? uid = null, string propagationPolicy = "Background")
    {
        var options = new V1DeleteOptions { PropagationPolicy = propagationPolicy, Preconditions = uid is null ? null : new V1Preconditions { Uid = uid } };
        try
        {
            using var response = Namespaced(ns)
                ? await client.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync<V1Status>(type.Group, type.Version, ns, type.Plural, name, options, cancellationToken: cancellationToken)
                : await client.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync<V1Status>(type.Group, type.Version, type.Plural, name, options, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, "delete", type.ResourceName);
        }
    }

    private async Task<T> PatchCoreAsync(string? ns, string name, bool status, JsonNode patch, V1Patch.PatchType patchType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);

        // A string is sent as it is: the library would otherwise serialize the JsonNode through its own options.
        var body = new V1Patch(patch.ToJsonString(), patchType);
        try
        {
            using var response = (Namespaced(ns), status) switch
            {
                (true, false) => await client.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<T>(body, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken),
                (true, true) => await client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<T>(body, type.Group, type.Version, ns, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken),
                (false, false) => await client.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<T>(body, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken),
                (false, true) => await client.CustomObjects.PatchClusterCustomObjectStatusWithHttpMessagesAsync<T>(body, type.Group, type.Version, type.Plural, name, fieldManager: fieldManager, cancellationToken: cancellationToken),
            };
            return response.Body;
        }
        catch (HttpOperationException e)
        {
            throw KubernetesErrors.From(e, status ? "patch status" : "patch", type.ResourceName);
        }
    }

    private bool Namespaced(string? ns) => type.Namespaced && !string.IsNullOrEmpty(ns);
}
