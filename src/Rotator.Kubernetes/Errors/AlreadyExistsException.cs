using k8s.Models;

namespace Rotator.Kubernetes.Errors;

/// <summary>An object with that name already exists (409 with reason AlreadyExists).</summary>
public sealed class AlreadyExistsException(string verb, string resource, V1Status? status)
    : ConflictException(verb, resource, status);
