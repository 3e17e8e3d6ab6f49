using System.Net;
using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>The object failed validation (422); <see cref="Causes"/> name the offending fields.</summary>
public sealed class InvalidException(string verb, string resource, V1Status? status)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, verb, resource, status)
{
    public IReadOnlyList<V1StatusCause> Causes { get; } = status?.Details?.Causes?.ToArray() ?? [];
}
