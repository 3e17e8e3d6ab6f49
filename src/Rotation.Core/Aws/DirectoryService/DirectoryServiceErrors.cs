namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>
/// Directory Service's error types mapped to our exceptions, and nothing else: the one piece to keep when the calls
/// move onto the shared AWS JSON client.
/// </summary>
internal static class DirectoryServiceErrors
{
    public static DirectoryServiceException ToException(DirectoryServiceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.ErrorCode switch
        {
            "EntityDoesNotExistException" => new EntityDoesNotExistException(error),
            "UserDoesNotExistException" => new UserDoesNotExistException(error),
            "InvalidPasswordException" => new InvalidPasswordException(error),
            "ClientException" => new ClientException(error),
            "ServiceException" => new ServiceException(error),
            "DirectoryUnavailableException" => new DirectoryUnavailableException(error),
            "UnsupportedOperationException" => new UnsupportedOperationException(error),
            "AccessDeniedException" => new AccessDeniedException(error),
            _ => new DirectoryServiceException(error),
        };
    }
}
