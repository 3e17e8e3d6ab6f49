using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>Typed REST calls for one resource type.</summary>
public sealed class ResourceClient<T>
    where T : class, IKubernetesObject
{
    private readonly KubernetesClient client;

    internal ResourceClient(KubernetesClient client, ResourceType<T> type)
    {
        this.client = client;
        Type = type;
    }

    public ResourceType<T> Type { get; }

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> GetAsync(string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Type.ItemPath(ns, name)), Call("get"), false, cancellationToken);
            return await ReadAsync(response, Type.TypeInfo, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page.</summary>
    public async Task<ResourceList<T>> ListAsync(string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions();
        var query = Query(
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("limit", options.Limit?.ToString(CultureInfo.InvariantCulture)),
            ("continue", options.Continue),
            ("resourceVersion", options.ResourceVersion));
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Type.CollectionPath(ns) + query), Call("list"), false, cancellationToken);
        return await ReadAsync(response, Type.ListTypeInfo, cancellationToken);
    }

    /// <summary>Every page, following continue tokens; the result carries the first page's resourceVersion (a consistent snapshot).</summary>
    public async Task<ResourceList<T>> ListAllAsync(string? ns, ListOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ListOptions { Limit = 500 };
        var first = await ListAsync(ns, options, cancellationToken);
        var page = first;
        while (!string.IsNullOrEmpty(page.Metadata.Continue))
        {
            page = await ListAsync(ns, options with { Continue = page.Metadata.Continue, ResourceVersion = null }, cancellationToken);
            foreach (var item in page.Items)
            {
                first.Items.Add(item);
            }
        }

        first.Metadata.Continue = null;
        return first;
    }

    /// <summary>
    /// Streams watch events until the server ends the watch or <paramref name="cancellationToken"/> fires.
    /// An expired resourceVersion surfaces as <see cref="GoneException"/> (HTTP 410) or as an ERROR
    /// event whose status code is 410, depending on when the server notices; callers handle both.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? ns, WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var query = Query(
            ("watch", "true"),
            ("allowWatchBookmarks", options.AllowBookmarks ? "true" : null),
            ("resourceVersion", options.ResourceVersion),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("timeoutSeconds", options.Timeout is { } t ? ((int)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null));
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Type.CollectionPath(ns) + query), Call("watch"), true, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseEvent(line);
        }
    }

    public async Task<T> CreateAsync(string? ns, T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ApiVersion ??= Type.ApiVersion;
        item.Kind ??= Type.Kind;
        var body = JsonSerializer.SerializeToUtf8Bytes(item, Type.TypeInfo);
        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Type.CollectionPath(ns) + FieldManager()) { Content = Json(body, "application/json") },
            Call("create"), false, cancellationToken);
        return await ReadAsync(response, Type.TypeInfo, cancellationToken);
    }

    /// <summary>Replaces the object (PUT); fails with <see cref="ConflictException"/> when its resourceVersion is stale.</summary>
    public async Task<T> ReplaceAsync(string? ns, T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var body = JsonSerializer.SerializeToUtf8Bytes(item, Type.TypeInfo);
        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, Type.ItemPath(ns, item.Metadata.Name!) + FieldManager()) { Content = Json(body, "application/json") },
            Call("update"), false, cancellationToken);
        return await ReadAsync(response, Type.TypeInfo, cancellationToken);
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
                await Task.Delay(TimeSpan.FromMilliseconds(backoff), client.Time, cancellationToken);
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

    public Task<T> PatchAsync(string? ns, string name, JsonNode patch, PatchType patchType, CancellationToken cancellationToken) =>
        PatchCoreAsync(ns, name, null, patch, patchType, cancellationToken);

    /// <summary>Patches the <c>/status</c> subresource: the only way an operator should write status.</summary>
    public Task<T> PatchStatusAsync(string? ns, string name, JsonNode patch, PatchType patchType, CancellationToken cancellationToken) =>
        PatchCoreAsync(ns, name, "status", patch, patchType, cancellationToken);

    /// <summary>Deletes; true when it existed. With <paramref name="uid"/>, only that incarnation of the name is deleted.</summary>
    public async Task<bool> DeleteAsync(string? ns, string name, CancellationToken cancellationToken, string? uid = null, string propagationPolicy = "Background")
    {
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = propagationPolicy };
        if (uid is not null)
        {
            options["preconditions"] = new JsonObject { ["uid"] = uid };
        }

        var body = Encoding.UTF8.GetBytes(options.ToJsonString());
        try
        {
            using var response = await client.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Delete, Type.ItemPath(ns, name)) { Content = Json(body, "application/json") },
                Call("delete"), false, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task<T> PatchCoreAsync(string? ns, string name, string? subresource, JsonNode patch, PatchType patchType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var body = Encoding.UTF8.GetBytes(patch.ToJsonString());
        var contentType = patchType == PatchType.Json ? "application/json-patch+json" : "application/merge-patch+json";
        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Patch, Type.ItemPath(ns, name, subresource) + FieldManager()) { Content = Json(body, contentType) },
            Call("patch", subresource), false, cancellationToken);
        return await ReadAsync(response, Type.TypeInfo, cancellationToken);
    }

    private WatchEvent<T> ParseEvent(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString() switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => WatchEventType.Error,
        };
        var element = root.GetProperty("object");
        return type == WatchEventType.Error
            ? new WatchEvent<T>(type, null, element.Deserialize(KubernetesJsonContext.Default.Status))
            : new WatchEvent<T>(type, element.Deserialize(Type.TypeInfo), null);
    }

    private ApiCall Call(string verb, string? subresource = null) => new(verb, Type.Plural, Type.ResourceName, subresource);

    private string FieldManager() => "?fieldManager=" + Uri.EscapeDataString(client.Options.FieldManager);

    private static ByteArrayContent Json(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static async Task<TValue> ReadAsync<TValue>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TValue> typeInfo, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken)
            ?? throw new KubernetesApiException($"empty answer from {response.RequestMessage?.RequestUri}");
    }

    private static string Query(params (string Key, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
