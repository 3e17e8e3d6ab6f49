namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The caller's IAM identity may not make the call.</summary>
public sealed class AccessDeniedException : DirectoryServiceException
{
    public AccessDeniedException(DirectoryServiceError error)
        : base(error)
    {
    }
}
