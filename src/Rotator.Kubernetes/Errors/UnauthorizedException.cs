using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The credentials were refused (expired or wrong token).</summary>
public sealed class UnauthorizedException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.Unauthorized, verb, resource, status);
