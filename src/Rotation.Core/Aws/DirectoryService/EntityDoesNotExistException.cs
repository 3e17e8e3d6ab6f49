namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The directory (or another named entity) does not exist.</summary>
public sealed class EntityDoesNotExistException : DirectoryServiceException
{
    public EntityDoesNotExistException(DirectoryServiceError error)
        : base(error)
    {
    }
}
