using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>
/// An AWS service answered a call with an error. Subclasses exist for the codes callers act on;
/// any other code arrives as this type with <see cref="ErrorCode"/> set.
/// </summary>
/// <remarks>
/// The message is built from the service, operation, code and the service's own message. AWS error
/// messages describe the request, not secret payloads; request and response bodies are never included.
/// </remarks>
public class AwsServiceException : Exception
{
    public AwsServiceException()
    {
    }

    public AwsServiceException(string message)
        : base(message)
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AwsServiceException(string service, string operation, string errorCode, string? serviceMessage, HttpStatusCode httpStatus, string? requestId)
        : base(Describe(service, operation, errorCode, serviceMessage, httpStatus, requestId))
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ServiceMessage = serviceMessage;
        HttpStatus = httpStatus;
        RequestId = requestId;
    }

    /// <summary>The service's endpoint prefix, e.g. <c>secretsmanager</c>.</summary>
    public string Service { get; } = "";

    public string Operation { get; } = "";

    /// <summary>The AWS error code with any <c>namespace#</c> prefix removed, e.g. <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; } = "";

    /// <summary>The message the service sent, if any.</summary>
    public string? ServiceMessage { get; }

    public HttpStatusCode HttpStatus { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the failed call: what AWS support asks for.</summary>
    public string? RequestId { get; }

    private static string Describe(string service, string operation, string code, string? message, HttpStatusCode status, string? requestId)
    {
        // A service message is bounded so that a misbehaving proxy page cannot flood a log line.
        var text = message is { Length: > 0 } ? ": " + (message.Length > 500 ? message[..500] + "..." : message) : "";
        var id = requestId is { Length: > 0 } ? $" (request id {requestId})" : "";
        return $"{service}.{operation}: {code} (HTTP {(int)status}){text}{id}";
    }
}
