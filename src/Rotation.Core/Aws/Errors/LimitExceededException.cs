using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>A service quota would be exceeded (<c>LimitExceededException</c>). A quota, not a rate: retrying does not help.</summary>
public sealed class LimitExceededException : AwsServiceException
{
    public LimitExceededException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
