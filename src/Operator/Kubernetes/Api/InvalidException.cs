using System.Net;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The object failed validation (422); <see cref="Causes"/> name the offending fields.</summary>
public sealed class InvalidException(string verb, string resource, Status? status)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, verb, resource, status)
{
    public IReadOnlyList<StatusCause> Causes { get; } = status?.Details?.Causes?.ToArray() ?? [];
}
