using Rotator.Operator.Tests.Rbac;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// A private API server the failover tests may restart and compact. Its watch cache is off so a
/// compaction really expires the operator's resourceVersions, watches end every few seconds so the
/// informers re-watch (and meet the 410) often, and Secret requests are audited (metadata only, never
/// data) so a test can see which Secrets the operator listed and watched.
/// </summary>
public sealed class FailoverKube : AuditedKube
{
    // Metadata level: who, verb and URI (with its labelSelector); request and response bodies are never written.
    protected override string AuditPolicy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: Metadata
          resources: [{ group: "", resources: ["secrets"] }]
        - level: None
        """;

    protected override string MoreApiServerArguments => "--watch-cache=false --min-request-timeout=5";
}
