namespace Rotator.Api;

/// <summary>The condition types a RotatingSecret reports (API.md).</summary>
public static class ConditionTypes
{
    /// <summary>True when the Secret mirrors AWSCURRENT and no rotation failed.</summary>
    public const string Ready = "Ready";

    /// <summary>True while a rotation is in progress (including one waiting to be retried).</summary>
    public const string Rotating = "Rotating";

    /// <summary>True when every restarted consumer runs on the current version.</summary>
    public const string RolloutComplete = "RolloutComplete";
}
