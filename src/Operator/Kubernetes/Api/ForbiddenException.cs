using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>RBAC denied the verb on the resource; the message names both.</summary>
public sealed class ForbiddenException : KubernetesApiException
{
    public ForbiddenException(string verb, string resource, Status? status)
        : base(HttpStatusCode.Forbidden, verb, resource, status)
    {
    }
}
