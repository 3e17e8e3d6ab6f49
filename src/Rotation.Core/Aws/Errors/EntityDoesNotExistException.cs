using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: the directory or other entity does not exist (<c>EntityDoesNotExistException</c>).</summary>
public sealed class EntityDoesNotExistException : AwsServiceException
{
    public EntityDoesNotExistException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
