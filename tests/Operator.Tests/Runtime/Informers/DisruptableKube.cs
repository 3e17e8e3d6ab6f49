using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Informers;

/// <summary>
/// A private API server for informer tests. Its watch cache is off so an etcd compaction really
/// expires old resourceVersions (otherwise the cache may still serve them), and its minimum request
/// timeout is short so the server ends idle watches every few seconds.
/// </summary>
public sealed class DisruptableKube : DedicatedKube
{
    protected override string ApiServerArguments => "--watch-cache=false --min-request-timeout=3";
}
