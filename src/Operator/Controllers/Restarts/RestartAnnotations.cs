namespace Rotator.Operator.Controllers.Restarts;

/// <summary>The pod template annotations a restart writes; changing the template is what makes the workload controller roll pods.</summary>
public static class RestartAnnotations
{
    /// <summary>The AWS VersionId the pods were restarted for (API contract).</summary>
    public const string RestartedFor = "rotator.io/restarted-for";

    /// <summary>When, so a restarted operator still knows how long a rollout has been running.</summary>
    public const string RestartedAt = "rotator.io/restarted-at";
}
