namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The new password does not meet the directory's password policy (or the 1-127 character limit).</summary>
public sealed class InvalidPasswordException : DirectoryServiceException
{
    public InvalidPasswordException(DirectoryServiceError error)
        : base(error)
    {
    }
}
