using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The requested resourceVersion is too old (compacted); relist.</summary>
public sealed class GoneException : KubernetesApiException
{
    public GoneException(string verb, string resource, Status? status)
        : base(HttpStatusCode.Gone, verb, resource, status)
    {
    }
}
