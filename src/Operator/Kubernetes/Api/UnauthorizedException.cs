using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The credentials were refused (expired or wrong token).</summary>
public sealed class UnauthorizedException : KubernetesApiException
{
    public UnauthorizedException(string verb, string resource, Status? status)
        : base(HttpStatusCode.Unauthorized, verb, resource, status)
    {
    }
}
