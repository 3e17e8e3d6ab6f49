using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: the new password does not meet the directory's policy (<c>InvalidPasswordException</c>).</summary>
public sealed class InvalidPasswordException : AwsServiceException
{
    public InvalidPasswordException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
