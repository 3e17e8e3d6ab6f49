namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The directory cannot serve the call right now (e.g. it is being created, restored or is impaired).</summary>
public sealed class DirectoryUnavailableException : DirectoryServiceException
{
    public DirectoryUnavailableException(DirectoryServiceError error)
        : base(error)
    {
    }
}
