namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Directory Service blames the request (a client-side error that is not one of the specific ones).</summary>
public sealed class ClientException : DirectoryServiceException
{
    public ClientException(DirectoryServiceError error)
        : base(error)
    {
    }
}
