using System.Net;

namespace Rotator.Testbed.DirectoryService;

/// <summary>An AWS-shaped refusal: becomes <c>{"__type": ErrorType, "Message": ...}</c> with this status.</summary>
internal sealed class DirectoryServiceFault : Exception
{
    public DirectoryServiceFault()
    {
    }

    public DirectoryServiceFault(string message)
        : base(message)
    {
    }

    public DirectoryServiceFault(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectoryServiceFault(string errorType, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        : base(message)
    {
        ErrorType = errorType;
        Status = status;
    }

    public string ErrorType { get; } = "InternalFailure";

    public HttpStatusCode Status { get; } = HttpStatusCode.InternalServerError;
}
