using Rotator.Testbed;

namespace Rotator.Operator.Tests.Rbac;

/// <summary>
/// A private API server whose audit log records every resource request at the Metadata level (who, verb, resource,
/// namespace, name, response code; never a body), so a test can see what one identity did and whether it was denied.
/// </summary>
/// <remarks>
/// Opt-in for the tests that read it rather than a default of the shared test bed: there it would log the traffic of
/// every test of a suite run (hundreds of thousands of events) only for these tests to filter one identity back out.
/// The controller manager's own requests and non-resource URLs (health probes) are not logged; the file is capped
/// (<c>--audit-log-maxsize</c> in MiB, one backup) and lives in the server's state directory, which is removed with it.
/// </remarks>
public class AuditedKube : DedicatedKube
{
    /// <summary>JSON lines, one audit event each.</summary>
    public string AuditLogPath => Path.Combine(StateDirectory, "audit.log");

    /// <summary>What is logged; only metadata levels, so no Secret's data ever reaches the file.</summary>
    protected virtual string AuditPolicy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: None
          users: ["system:kube-controller-manager"]
        - level: None
          nonResourceURLs: ["*"]
        - level: Metadata
        """;

    /// <summary>Further kube-apiserver flags of a subclass.</summary>
    protected virtual string MoreApiServerArguments => "";

    protected sealed override string ApiServerArguments
    {
        get
        {
            var policy = Path.Combine(StateDirectory, "audit-policy.yaml");
            File.WriteAllText(policy, AuditPolicy);
            return $"{MoreApiServerArguments} --audit-policy-file={policy} --audit-log-path={AuditLogPath} --audit-log-format=json --audit-log-maxsize=64 --audit-log-maxbackup=1".Trim();
        }
    }
}
