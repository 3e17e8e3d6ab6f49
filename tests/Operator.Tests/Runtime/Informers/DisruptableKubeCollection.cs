namespace Rotator.Operator.Tests.Runtime.Informers;

/// <summary>
/// Tests that restart or compact the private API server run one at a time, and after every parallel collection:
/// the informer's memory test reads the process's managed heap, which other tests running beside it would grow
/// (CI once saw +17 MB from them over 450 reconnects).
/// </summary>
[CollectionDefinition(nameof(DisruptableKubeCollection), DisableParallelization = true)]
public sealed class DisruptableKubeCollection : ICollectionFixture<DisruptableKube>;
