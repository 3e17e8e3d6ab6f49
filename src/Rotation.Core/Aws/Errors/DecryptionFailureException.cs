using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>Secrets Manager could not decrypt the value with its KMS key (<c>DecryptionFailure</c>).</summary>
public sealed class DecryptionFailureException : AwsServiceException
{
    public DecryptionFailureException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(service, operation, errorCode, serviceMessage, httpStatus, requestId)
    {
    }
}
