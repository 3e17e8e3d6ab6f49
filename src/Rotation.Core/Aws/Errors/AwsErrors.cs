using System.Collections.Frozen;
using System.Net;
using System.Text.RegularExpressions;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Error codes: normalising them, telling which are worth a retry, and the typed exception for each.</summary>
internal static partial class AwsErrors
{
    // The codes AWS SDKs treat as throttling in their standard retry mode (across services), so a
    // throttle from STS or Directory Service is recognised as well as Secrets Manager's.
    private static readonly FrozenSet<string> ThrottlingCodes = new[]
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> TransientCodes = new[]
    {
        "RequestTimeout", "RequestTimeoutException", "InternalFailure", "InternalServiceError", "InternalServiceErrorException",
        "ServiceUnavailable", "IDPCommunicationError",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Strips a <c>namespace#</c> prefix (JSON <c>__type</c>) and a <c>:url</c> suffix (<c>x-amzn-ErrorType</c>).</summary>
    public static string NormalizeCode(string raw)
    {
        var code = raw.Trim();
        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? code[..colon] : code;
    }

    public static bool IsThrottling(AwsErrorDetails error) =>
        ThrottlingCodes.Contains(error.Code) || error.Status == HttpStatusCode.TooManyRequests;

    public static bool IsTransient(AwsErrorDetails error) =>
        (int)error.Status >= 500 || TransientCodes.Contains(error.Code);

    /// <summary>
    /// Removes echoed input from a service message. AWS's request validation answers
    /// "Value '&lt;input&gt;' at 'secretString' failed to satisfy constraint", and the input may be a secret.
    /// </summary>
    public static string? SanitizeMessage(string? message) =>
        message is null ? null : EchoedValue().Replace(message, "Value <redacted> at '");

    public static AwsServiceException Create(string service, string operation, AwsErrorDetails error)
    {
        var (code, rawMessage, status, id) = error;
        var message = SanitizeMessage(rawMessage);
        if (IsThrottling(error))
        {
            return new ThrottlingException(service, operation, code, message, status, id);
        }

        return code switch
        {
            "ResourceNotFoundException" => new ResourceNotFoundException(service, operation, code, message, status, id),
            "InvalidRequestException" => new InvalidRequestException(service, operation, code, message, status, id),
            "InvalidParameterException" or "ValidationException" or "ValidationError"
                => new InvalidParameterException(service, operation, code, message, status, id),
            "ResourceExistsException" => new ResourceExistsException(service, operation, code, message, status, id),
            "LimitExceededException" => new LimitExceededException(service, operation, code, message, status, id),
            "AccessDeniedException" or "AccessDenied" => new AccessDeniedException(service, operation, code, message, status, id),
            "EntityDoesNotExistException" => new EntityDoesNotExistException(service, operation, code, message, status, id),
            "UserDoesNotExistException" => new UserDoesNotExistException(service, operation, code, message, status, id),
            "InvalidPasswordException" => new InvalidPasswordException(service, operation, code, message, status, id),
            "DirectoryUnavailableException" => new DirectoryUnavailableException(service, operation, code, message, status, id),
            "UnsupportedOperationException" => new UnsupportedOperationException(service, operation, code, message, status, id),
            "DecryptionFailure" or "DecryptionFailureException" => new DecryptionFailureException(service, operation, code, message, status, id),
            "InternalServiceError" or "InternalServiceErrorException" or "InternalFailure"
                => new InternalServiceErrorException(service, operation, code, message, status, id),
            "ClientException" => new ClientException(service, operation, code, message, status, id),
            "ServiceException" => new ServiceException(service, operation, code, message, status, id),
            _ => new AwsServiceException(service, operation, code, message, status, id),
        };
    }

    // Greedy on purpose: with several echoed values, everything from the first to the last is dropped.
    [GeneratedRegex("Value '.*' at '", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex EchoedValue();
}
