using k8s.Models;
using Rotator.Api;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>A RotatingSecret as the object an event is about.</summary>
public static class RotatingSecretReference
{
    public static V1ObjectReference Of(RotatingSecret resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new V1ObjectReference
        {
            ApiVersion = $"{RotatingSecret.Group}/{RotatingSecret.Version}",
            Kind = nameof(RotatingSecret),
            NamespaceProperty = resource.Metadata.NamespaceProperty,
            Name = resource.Metadata.Name,
            Uid = resource.Metadata.Uid,
        };
    }
}
