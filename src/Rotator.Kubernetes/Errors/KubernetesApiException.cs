using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>
/// The API server refused a call. Says which verb on which resource failed and the server's own reason,
/// so "forbidden" in a log is actionable without a debugger. Built from the library's
/// <c>HttpOperationException</c> by <see cref="KubernetesErrors"/>, which is never kept as the inner
/// exception: it carries the request body (a Secret's data) and quotes the whole response.
/// </summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException()
    {
    }

    public KubernetesApiException(string message)
        : base(message)
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubernetesApiException(HttpStatusCode statusCode, string verb, string resource, V1Status? status)
        : base(Describe(statusCode, verb, resource, status))
    {
        StatusCode = statusCode;
        Verb = verb;
        Resource = resource;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }

    public string Verb { get; } = "";

    public string Resource { get; } = "";

    /// <summary>The server's Status object, when its answer carried one.</summary>
    public V1Status? Status { get; }

    public string? Reason => Status?.Reason;

    private static string Describe(HttpStatusCode code, string verb, string resource, V1Status? status)
    {
        var message = status?.Message is { Length: > 0 } m ? m : code.ToString();
        return $"{verb} {resource}: {(int)code} {status?.Reason ?? code.ToString()}: {message}";
    }
}
