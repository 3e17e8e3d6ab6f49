using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The object changed since it was read (resourceVersion or a test patch did not match).</summary>
public class ConflictException : KubernetesApiException
{
    public ConflictException(string verb, string resource, Status? status)
        : base(HttpStatusCode.Conflict, verb, resource, status)
    {
    }
}
