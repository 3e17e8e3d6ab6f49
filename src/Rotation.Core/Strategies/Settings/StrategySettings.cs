using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>
/// What a resource says about its strategy, as plain values (Rotation.Core knows nothing of Kubernetes): one record per
/// strategy family, which also names the strategy it builds (<see cref="StrategyCatalog"/>).
/// </summary>
public abstract record StrategySettings
{
    /// <summary>The strategy these settings build, one of <see cref="StrategyNames"/> (its <see cref="IRotationStrategy.Name"/>).</summary>
    public abstract string Strategy { get; }
}
