using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: the directory type does not support the call, e.g. ResetUserPassword on an AD Connector (<c>UnsupportedOperationException</c>).</summary>
public sealed class UnsupportedOperationException : AwsServiceException
{
    public UnsupportedOperationException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
