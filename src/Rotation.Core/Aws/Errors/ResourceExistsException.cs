using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>A resource with that name or that client request token already exists with different content (<c>ResourceExistsException</c>).</summary>
public sealed class ResourceExistsException : AwsServiceException
{
    public ResourceExistsException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
