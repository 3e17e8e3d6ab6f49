namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Directory Service failed internally; the call may succeed when retried.</summary>
public sealed class ServiceException : DirectoryServiceException
{
    public ServiceException(DirectoryServiceError error)
        : base(error)
    {
    }
}
