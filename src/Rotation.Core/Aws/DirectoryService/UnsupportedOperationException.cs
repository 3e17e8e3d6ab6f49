namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The directory type does not support the call (e.g. ResetUserPassword on an AD Connector).</summary>
public sealed class UnsupportedOperationException : DirectoryServiceException
{
    public UnsupportedOperationException(DirectoryServiceError error)
        : base(error)
    {
    }
}
