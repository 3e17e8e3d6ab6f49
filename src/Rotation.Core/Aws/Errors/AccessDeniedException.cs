using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>The caller's identity may not do this (<c>AccessDeniedException</c>, STS's <c>AccessDenied</c>).</summary>
public sealed class AccessDeniedException : AwsServiceException
{
    public AccessDeniedException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
