using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>
/// Maps the library's failures to the typed exceptions callers catch, by HTTP status code. The library's
/// <see cref="HttpOperationException"/> holds the request body (a Secret's data) and quotes the response
/// in its message, so only the server's Status survives the mapping.
/// </summary>
public static class KubernetesErrors
{
    /// <summary>The exception for a refused call, named by the verb and resource it was.</summary>
    public static KubernetesApiException From(HttpOperationException error, string verb, string resource)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = error.Response?.StatusCode ?? 0;
        var status = ReadStatus(error.Response?.Content);
        return Create(code, verb, resource, status, RetryAfter(error.Response?.Headers, status));
    }

    /// <summary>The exception for an ERROR event of a watch (410 Gone once the resourceVersion is compacted).</summary>
    public static KubernetesApiException From(KubernetesException error, string resource)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.Status;
        return Create((HttpStatusCode)(status?.Code ?? 500), "watch", resource, status, null);
    }

    public static KubernetesApiException Create(HttpStatusCode code, string verb, string resource, V1Status? status, TimeSpan? retryAfter) => code switch
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

    /// <summary>The Status object of an error answer; null when the body is not one (a proxy's HTML page, say).</summary>
    public static V1Status? ReadStatus(string? body)
    {
        if (string.IsNullOrEmpty(body) || body[0] != '{')
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The server's hint: the <c>Retry-After</c> header in seconds, else the Status's <c>retryAfterSeconds</c>.</summary>
    public static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers, V1Status? status)
    {
        if (headers is not null
            && headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() is { } text
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return status?.Details?.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }
}
