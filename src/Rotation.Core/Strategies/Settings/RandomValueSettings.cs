using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>What a resource says about its RandomValue rotation (<c>spec.rotation.randomValue</c>).</summary>
public sealed record RandomValueSettings : StrategySettings
{
    /// <summary>The JSON field to regenerate; the whole SecretString when null. Set, a secret that is not a JSON object with that field is refused.</summary>
    public string? Field { get; init; }

    /// <summary>Length in bytes when regenerating a SecretBinary; the current length when null.</summary>
    public int? BinaryLength { get; init; }

    public override string Strategy => StrategyNames.RandomValue;
}
