using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>The service throttled the call and retries ran out (<c>ThrottlingException</c>, <c>TooManyRequestsException</c>, <c>RequestLimitExceeded</c> and their kin).</summary>
public sealed class ThrottlingException : AwsServiceException
{
    public ThrottlingException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
