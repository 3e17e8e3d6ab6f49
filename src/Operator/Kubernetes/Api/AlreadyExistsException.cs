using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>An object with that name already exists (409 with reason AlreadyExists).</summary>
public sealed class AlreadyExistsException(string verb, string resource, Status? status)
    : ConflictException(verb, resource, status);
