namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// Tests that compare every account and grant on a server before and after a change, so no other test may change
/// accounts meanwhile: they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerWideCollection
{
    public const string Name = "server-wide account snapshots";
}
