using Rotator.Api;


namespace Rotator.Operator.Controllers.Restarts;

/// <summary>A workload in the RotatingSecret's namespace.</summary>
public sealed record WorkloadRef(WorkloadKind Kind, string Name)
{
    public override string ToString() => $"{Kind} {Name}";
}
