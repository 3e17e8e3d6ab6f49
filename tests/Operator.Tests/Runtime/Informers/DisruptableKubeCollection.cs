namespace Rotator.Operator.Tests.Runtime.Informers;

/// <summary>Tests that restart or compact the private API server run one at a time.</summary>
[CollectionDefinition(nameof(DisruptableKubeCollection))]
public sealed class DisruptableKubeCollection : ICollectionFixture<DisruptableKube>;
