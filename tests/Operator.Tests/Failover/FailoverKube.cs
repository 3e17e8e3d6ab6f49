using Rotator.Testbed;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// A private API server the failover tests may restart and compact. Its watch cache is off so a
/// compaction really expires the operator's resourceVersions, watches end every few seconds so the
/// informers re-watch (and meet the 410) often, and Secret requests are audited (metadata only, never
/// data) so a test can see which Secrets the operator listed and watched.
/// </summary>
public sealed class FailoverKube : DedicatedKube
{
    // Metadata level: who, verb and URI (with its labelSelector); request and response bodies are never written.
    private const string AuditPolicy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: Metadata
          resources: [{ group: "", resources: ["secrets"] }]
        - level: None
        """;

    /// <summary>JSON lines, one audit event each.</summary>
    public string AuditLogPath => Path.Combine(StateDirectory, "audit.log");

    protected override string ApiServerArguments
    {
        get
        {
            var policy = Path.Combine(StateDirectory, "audit-policy.yaml");
            File.WriteAllText(policy, AuditPolicy);
            return $"--watch-cache=false --min-request-timeout=5 --audit-policy-file={policy} --audit-log-path={AuditLogPath} --audit-log-format=json";
        }
    }
}
