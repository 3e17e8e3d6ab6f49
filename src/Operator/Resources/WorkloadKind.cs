namespace Rotator.Operator.Resources;

/// <summary>Workload kinds the operator can restart.</summary>
public enum WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
}
