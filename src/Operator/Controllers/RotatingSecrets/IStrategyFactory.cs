using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Clients;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>The rotation strategy for a resource whose rotation Rotator drives itself.</summary>
public interface IStrategyFactory
{
    /// <summary>The strategy for <paramref name="spec"/>; only called when <see cref="ResolvedSpec.RotatesItself"/>.</summary>
    IRotationStrategy Create(ResolvedSpec spec, AwsScope scope);
}
