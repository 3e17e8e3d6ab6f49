namespace Rotator.Api;

/// <summary>Whether a due rotation changes the target on its own or waits for a person to approve it.</summary>
public enum ApprovalMode
{
    /// <summary>Every step runs as soon as the rotation is due (the default).</summary>
    Automatic,

    /// <summary>The rotation stores AWSPENDING, then waits before setSecret until the annotation <c>rotator.io/approve</c> names its version id.</summary>
    Manual,
}
