using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The object does not exist.</summary>
public sealed class NotFoundException : KubernetesApiException
{
    public NotFoundException(string verb, string resource, Status? status)
        : base(HttpStatusCode.NotFound, verb, resource, status)
    {
    }
}
