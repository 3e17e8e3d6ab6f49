using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>The secret, version or directory does not exist (<c>ResourceNotFoundException</c>).</summary>
public sealed class ResourceNotFoundException : AwsServiceException
{
    public ResourceNotFoundException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
