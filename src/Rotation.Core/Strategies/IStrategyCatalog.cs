using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies;

/// <summary>Builds the strategy a resource's settings name, over the process's shared targets (database drivers, LDAP, AWS clients).</summary>
public interface IStrategyCatalog
{
    /// <param name="settings">The strategy's settings; their type names the strategy.</param>
    /// <param name="scope">Region, role and resource, for strategies that call AWS services themselves (Directory Service).</param>
    IRotationStrategy Create(StrategySettings settings, AwsScope scope);
}
