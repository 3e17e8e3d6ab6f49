using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>
/// The API server refused a call. Carries the server's <see cref="Models.Status"/> and says which verb on
/// which resource failed, so "forbidden" in a log is actionable without a debugger.
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

    public KubernetesApiException(HttpStatusCode statusCode, string verb, string resource, Status? status)
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

    public Status? Status { get; }

    public string? Reason => Status?.Reason;

    /// <summary>Maps an HTTP status to the typed exception callers catch.</summary>
    public static KubernetesApiException Create(HttpStatusCode code, string verb, string resource, Status? status, TimeSpan? retryAfter) => code switch
    {
        HttpStatusCode.NotFound => new NotFoundException(verb, resource, status),
        HttpStatusCode.Conflict when status?.Reason == "AlreadyExists" => new AlreadyExistsException(verb, resource, status),
        HttpStatusCode.Conflict => new ConflictException(verb, resource, status),
        HttpStatusCode.Gone => new GoneException(verb, resource, status),
        HttpStatusCode.Forbidden => new ForbiddenException(verb, resource, status),
        HttpStatusCode.Unauthorized => new UnauthorizedException(verb, resource, status),
        HttpStatusCode.UnprocessableEntity => new InvalidException(verb, resource, status),
        HttpStatusCode.TooManyRequests => new TooManyRequestsException(verb, resource, status, retryAfter),
        _ => new KubernetesApiException(code, verb, resource, status),
    };

    private static string Describe(HttpStatusCode code, string verb, string resource, Status? status)
    {
        var message = status?.Message is { Length: > 0 } m ? m : code.ToString();
        return $"{verb} {resource}: {(int)code} {status?.Reason ?? code.ToString()}: {message}";
    }
}
