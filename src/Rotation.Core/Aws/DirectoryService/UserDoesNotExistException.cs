namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The user does not exist in the directory.</summary>
public sealed class UserDoesNotExistException : DirectoryServiceException
{
    public UserDoesNotExistException(DirectoryServiceError error)
        : base(error)
    {
    }
}
