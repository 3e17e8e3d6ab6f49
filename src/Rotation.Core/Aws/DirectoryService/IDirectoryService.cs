using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The two AWS Directory Service calls a directory admin password rotation needs.</summary>
/// <remarks>Failures are <see cref="AwsServiceException"/> and its subclasses, the one error family of every AWS call.</remarks>
public interface IDirectoryService
{
    /// <summary>Sets a directory user's password (<c>ds:ResetUserPassword</c>); the old one stops working at once.</summary>
    /// <exception cref="EntityDoesNotExistException">No such directory.</exception>
    /// <exception cref="UserDoesNotExistException">No such user in the directory.</exception>
    /// <exception cref="InvalidPasswordException">The directory's password policy refused the new password.</exception>
    /// <exception cref="UnsupportedOperationException">The directory type cannot reset passwords (an AD Connector).</exception>
    /// <exception cref="DirectoryUnavailableException">The directory cannot serve the call right now.</exception>
    /// <exception cref="AwsServiceException">Any other refusal (throttles and 5xx only once retries ran out); the message never contains the password.</exception>
    /// <exception cref="AwsTransportException">No answer on any attempt.</exception>
    Task ResetUserPasswordAsync(string directoryId, string userName, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Describes the given directories (<c>ds:DescribeDirectories</c>), all pages; an empty list describes every directory.</summary>
    /// <exception cref="EntityDoesNotExistException">One of the directories does not exist.</exception>
    /// <exception cref="AwsServiceException">Any other refusal.</exception>
    /// <exception cref="AwsTransportException">No answer on any attempt.</exception>
    /// <exception cref="AwsResponseFormatException">The answer was not the expected JSON.</exception>
    Task<IReadOnlyList<DirectoryDescription>> DescribeDirectoriesAsync(IReadOnlyCollection<string> directoryIds, CancellationToken cancellationToken = default);
}
