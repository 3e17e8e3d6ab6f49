namespace Rotator.Api;

/// <summary>Workload kinds the operator can restart.</summary>
public enum WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
}
