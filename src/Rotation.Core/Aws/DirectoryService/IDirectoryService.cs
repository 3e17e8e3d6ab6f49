namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The two AWS Directory Service calls a directory admin password rotation needs.</summary>
public interface IDirectoryService
{
    /// <summary>Sets a directory user's password (<c>ds:ResetUserPassword</c>); the old one stops working at once.</summary>
    /// <exception cref="EntityDoesNotExistException">No such directory.</exception>
    /// <exception cref="UserDoesNotExistException">No such user in the directory.</exception>
    /// <exception cref="InvalidPasswordException">The directory's password policy refused the new password.</exception>
    /// <exception cref="DirectoryServiceException">Any other refusal; the message never contains the password.</exception>
    Task ResetUserPasswordAsync(string directoryId, string userName, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Describes the given directories (<c>ds:DescribeDirectories</c>), all pages; an empty list describes every directory.</summary>
    /// <exception cref="EntityDoesNotExistException">One of the directories does not exist.</exception>
    Task<IReadOnlyList<DirectoryDescription>> DescribeDirectoriesAsync(IReadOnlyCollection<string> directoryIds, CancellationToken cancellationToken = default);
}
