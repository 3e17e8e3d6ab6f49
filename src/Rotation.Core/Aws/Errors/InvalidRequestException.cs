using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>The request is not valid in the resource's current state, e.g. a secret scheduled for deletion (<c>InvalidRequestException</c>).</summary>
public sealed class InvalidRequestException : AwsServiceException
{
    public InvalidRequestException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
