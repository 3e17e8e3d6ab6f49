using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The requested resourceVersion is too old (compacted); relist.</summary>
public sealed class GoneException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.Gone, verb, resource, status);
