using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>RBAC denied the verb on the resource; the message names both.</summary>
public sealed class ForbiddenException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.Forbidden, verb, resource, status);
