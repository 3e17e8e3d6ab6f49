using Rotator.Testbed;

namespace Rotator.Operator.Tests.Failover;

/// <summary>What every replica of one scenario shares: API server, watched namespace (also the Lease's), AWS endpoint, extra settings.</summary>
internal sealed record OperatorProcessSettings(KubeServer Kube, string Namespace, Uri AwsEndpoint)
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
