namespace Rotator.Rotation.Abstractions;

/// <summary>
/// What a resource says about its strategy, as plain values (Rotation.Core knows nothing of Kubernetes): one record per
/// strategy family, which also names the strategy it builds (<see cref="Strategies.StrategyCatalog"/>).
/// </summary>
public abstract record StrategySettings
{
    /// <summary>The strategy these settings build, e.g. <c>MySQLAlternatingUsers</c> (its <see cref="IRotationStrategy.Name"/>).</summary>
    public abstract string Strategy { get; }
}
