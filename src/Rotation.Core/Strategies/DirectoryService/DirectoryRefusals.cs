using System.Net;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// Turns Directory Service and LDAP failures into the contract's exceptions with a reason code. The messages come from
/// the AWS client (which masks the password it sent) and <see cref="LdapVerifier"/> (likewise), plus our own text,
/// which names directories, users and fields only.
/// </summary>
internal static class DirectoryRefusals
{
    public static RotationRefusedException Refuse(string reason, string message, Exception? inner = null) =>
        inner is null
            ? new RotationRefusedException(message) { Reason = reason }
            : new RotationRefusedException(message, inner) { Reason = reason };

    /// <summary>
    /// The refusal a person has to act on, or null for failures that may heal on their own (throttling and service
    /// errors that outlasted the transport's retries, the directory briefly unavailable): those propagate so the next
    /// run retries the step.
    /// </summary>
    public static RotationRefusedException? FromDirectoryService(AwsServiceException error, string doing)
    {
        ArgumentNullException.ThrowIfNull(error);
        var reason = error switch
        {
            EntityDoesNotExistException => DirectoryServiceRotationReasons.DirectoryNotFound,
            UserDoesNotExistException => DirectoryServiceRotationReasons.UserNotFound,
            InvalidPasswordException => DirectoryServiceRotationReasons.PasswordRejected,
            UnsupportedOperationException => DirectoryServiceRotationReasons.UnsupportedDirectory,
            AccessDeniedException => DirectoryServiceRotationReasons.AccessDenied,
            ClientException => DirectoryServiceRotationReasons.DirectoryServiceError,
            ThrottlingException or ServiceException or InternalServiceErrorException or DirectoryUnavailableException => null,
            _ when (int)error.HttpStatus is >= 400 and < 500 && error.HttpStatus != HttpStatusCode.TooManyRequests
                => DirectoryServiceRotationReasons.DirectoryServiceError,
            _ => null,
        };
        return reason is null ? null : Refuse(reason, $"{doing}: {error.Message}", error);
    }

    /// <summary>testSecret's verdict when the pending password never bound.</summary>
    public static RotationTestFailedException TestFailed(BindAttempts attempts, string who)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var reason = attempts.Last.Outcome switch
        {
            LdapBindOutcome.InvalidCredentials => DirectoryServiceRotationReasons.PendingCredentialsRejected,
            LdapBindOutcome.Unreachable => DirectoryServiceRotationReasons.LdapUnreachable,
            LdapBindOutcome.TlsFailure => DirectoryServiceRotationReasons.TlsFailure,
            _ => DirectoryServiceRotationReasons.LdapError,
        };
        return new RotationTestFailedException($"testSecret: {who} did not bind ({attempts.Describe()}): {attempts.Last.Message}") { Reason = reason, Rejected = attempts.Last.Outcome == LdapBindOutcome.InvalidCredentials };
    }
}
