using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: an error inside the service (<c>ServiceException</c>).</summary>
public sealed class ServiceException : AwsServiceException
{
    public ServiceException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
