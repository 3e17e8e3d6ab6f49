using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>A parameter value is not valid (<c>InvalidParameterException</c>, <c>ValidationException</c>, STS's <c>ValidationError</c>).</summary>
public sealed class InvalidParameterException : AwsServiceException
{
    public InvalidParameterException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
