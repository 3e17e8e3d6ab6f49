namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Body of <c>ResetUserPassword</c>.</summary>
/// <remarks>A class, not a record: a record's generated <c>ToString</c> would print the password.</remarks>
internal sealed class ResetUserPasswordRequest
{
    public required string DirectoryId { get; init; }

    public required string UserName { get; init; }

    public required string NewPassword { get; init; }
}
