using Rotator.Operator.Kubernetes.Models;
using Rotator.Operator.Resources;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>A RotatingSecret as the object an event is about.</summary>
public static class RotatingSecretReference
{
    public static ObjectReference Of(RotatingSecret resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new ObjectReference
        {
            ApiVersion = $"{RotatingSecret.Group}/{RotatingSecret.Version}",
            Kind = nameof(RotatingSecret),
            Namespace = resource.Metadata.Namespace,
            Name = resource.Metadata.Name,
            Uid = resource.Metadata.Uid,
        };
    }
}
