using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The object changed since it was read (resourceVersion, uid or a test patch did not match).</summary>
public class ConflictException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.Conflict, verb, resource, status);
