using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: a client-side error, such as a missing permission on the directory (<c>ClientException</c>).</summary>
public sealed class ClientException : AwsServiceException
{
    public ClientException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
