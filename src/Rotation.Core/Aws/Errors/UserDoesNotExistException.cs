using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: the user does not exist in the directory (<c>UserDoesNotExistException</c>).</summary>
public sealed class UserDoesNotExistException : AwsServiceException
{
    public UserDoesNotExistException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
