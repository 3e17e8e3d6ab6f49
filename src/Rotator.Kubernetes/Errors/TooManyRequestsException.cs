using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The server is shedding load (429) and still was after the client waited as told; <see cref="RetryAfter"/> is its last hint.</summary>
public sealed class TooManyRequestsException(string verb, string resource, V1Status? status, TimeSpan? retryAfter)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, verb, resource, status)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
