using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>The service failed internally and retries ran out (<c>InternalServiceError</c>, <c>InternalFailure</c>).</summary>
public sealed class InternalServiceErrorException : AwsServiceException
{
    public InternalServiceErrorException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
