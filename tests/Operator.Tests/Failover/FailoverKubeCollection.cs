namespace Rotator.Operator.Tests.Failover;

/// <summary>Tests that restart or compact the failover API server, or measure an operator on it, run one at a time.</summary>
[CollectionDefinition(nameof(FailoverKubeCollection))]
public sealed class FailoverKubeCollection : ICollectionFixture<FailoverKube>;
