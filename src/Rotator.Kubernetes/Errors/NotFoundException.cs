using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The object does not exist.</summary>
public sealed class NotFoundException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.NotFound, verb, resource, status);
