using System.Web;

namespace Rotator.Kubernetes.Http;

/// <summary>
/// The verb and resource of one API request, read from its method and path the way the API server's own
/// request info does: <c>list</c>/<c>watch</c>/<c>get</c> by name and <c>?watch</c>, the plural without its
/// group, a subresource after a slash (<c>rotatingsecrets/status</c>), and the first path segment for
/// non-resource paths (<c>version</c>). Names and namespaces are never part of it.
/// </summary>
public readonly record struct KubernetesRequest(string Verb, string Resource)
{
    public static KubernetesRequest Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("the request has no URI", nameof(request));
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

        // /api/v1/..., /apis/group/version/...; anything else (/version, /healthz) is not a resource.
        var skip = segments.Length > 1 && segments[0] == "api" ? 2 : segments.Length > 2 && segments[0] == "apis" ? 3 : 0;
        if (skip == 0)
        {
            return new KubernetesRequest(request.Method.Method.ToLowerInvariant(), segments.FirstOrDefault() ?? "");
        }

        var rest = segments.AsSpan(skip);
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        var resource = rest.Length > 0 ? rest[0] : "";
        var named = rest.Length > 1;
        if (rest.Length > 2)
        {
            resource = $"{resource}/{rest[2]}";
        }

        return new KubernetesRequest(VerbOf(request, named), resource);
    }

    private static string VerbOf(HttpRequestMessage request, bool named) => request.Method.Method switch
    {
        "GET" when named => "get",
        "GET" => HttpUtility.ParseQueryString(request.RequestUri!.Query).Get("watch") is "true" or "1" ? "watch" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => named ? "delete" : "deletecollection",
        var other => other.ToLowerInvariant(),
    };
}
