using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Directory Service: the directory cannot serve the call right now, e.g. it is being restored or is impaired (<c>DirectoryUnavailableException</c>).</summary>
/// <remarks>Not retried by the transport: it lasts minutes, not milliseconds; the engine's next run retries the step.</remarks>
public sealed class DirectoryUnavailableException : AwsServiceException
{
    public DirectoryUnavailableException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
