using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace Rotator.Benchmarks;

/// <summary>
/// Counts the HTTP requests the in-process operator sends to the API server about one namespace, by
/// verb and resource, without touching the operator: .NET's HTTP handler announces every request
/// (every attempt, retries included) on the <c>HttpHandlerDiagnosticListener</c> diagnostic source,
/// headers and all. The operator's requests are told apart by their User-Agent (the benchmark's own
/// client sends another one) and by the namespace in the path, so other clients in the same process
/// (other tests, other operators) do not count.
/// </summary>
public sealed class KubernetesRequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string ListenerName = "HttpHandlerDiagnosticListener";

    // The request event of the handler's diagnostic source; its payload has a Request property.
    private const string RequestEvent = "System.Net.Http.Request";

    private readonly string userAgentPrefix;
    private readonly string[] namespaceSegments;
    private readonly ConcurrentDictionary<KubernetesRequest, long> counts = new();
    private readonly ConcurrentDictionary<Type, PropertyInfo?> requestProperties = new();
    private readonly ConcurrentBag<IDisposable> subscriptions = [];
    private readonly IDisposable allListeners;

    /// <param name="userAgentPrefix">The counted client's User-Agent starts with this (the operator's is <c>rotator/</c>).</param>
    /// <param name="namespaces">Only requests about these namespaces count (or, when the operator watches the whole cluster, its cluster-wide list and watch).</param>
    public KubernetesRequestCounter(string userAgentPrefix, IReadOnlyList<string> namespaces)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        this.userAgentPrefix = userAgentPrefix;
        namespaceSegments = [.. namespaces.Select(ns => $"/namespaces/{ns}/")];
        allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Requests counted so far.</summary>
    public RequestTally<KubernetesRequest> Snapshot() => new(counts.ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>
    /// The verb and resource of an API path, or null for a path about another namespace (or none).
    /// <c>/api/v1/namespaces/ns/secrets/x</c> and <c>/apis/group/version/namespaces/ns/rotatingsecrets/x/status</c> are the shapes.
    /// </summary>
    public static KubernetesRequest? Classify(string method, string pathAndQuery, string namespaceSegment)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        ArgumentNullException.ThrowIfNull(namespaceSegment);
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        var at = path.IndexOf(namespaceSegment, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = path[(at + namespaceSegment.Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0)
        {
            return null;
        }

        var resource = rest.Length > 2 ? $"{rest[0]}/{rest[2]}" : rest[0];
        var watch = query >= 0 && pathAndQuery[query..].Contains("watch=true", StringComparison.Ordinal);
        var verb = method switch
        {
            "GET" when watch => "watch",
            "GET" => rest.Length == 1 ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new KubernetesRequest(verb, resource);
    }

    public void Dispose()
    {
        allListeners.Dispose();
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == ListenerName)
        {
            subscriptions.Add(value.Subscribe(this, name => name == RequestEvent));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RequestEvent || value.Value is not { } payload
            || requestProperties.GetOrAdd(payload.GetType(), type => type.GetProperty("Request"))?.GetValue(payload) is not HttpRequestMessage request
            || request.RequestUri is not { } uri
            || !request.Headers.TryGetValues("User-Agent", out var agents)
            || !agents.Any(a => a.StartsWith(userAgentPrefix, StringComparison.Ordinal)))
        {
            return;
        }

        foreach (var segment in namespaceSegments)
        {
            if (Classify(request.Method.Method, uri.PathAndQuery, segment) is { } kind)
            {
                counts.AddOrUpdate(kind, 1, (_, count) => count + 1);
                return;
            }
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
        // The process is ending; nothing more will be announced.
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
        // Diagnostic sources do not report errors through this path.
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
        // The listener was disposed (its handler is gone); requests it would have seen cannot happen.
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
        // Diagnostic sources do not report errors through this path.
    }
}
