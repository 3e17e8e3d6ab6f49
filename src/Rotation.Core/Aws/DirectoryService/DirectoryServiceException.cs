using System.Net;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Directory Service refused a call. Subclasses name the refusals a rotation reacts to differently.</summary>
public class DirectoryServiceException : Exception
{
    public DirectoryServiceException()
    {
    }

    public DirectoryServiceException(string message)
        : base(message)
    {
    }

    public DirectoryServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectoryServiceException(DirectoryServiceError error)
        : base(Describe(error))
    {
        Error = error;
    }

    /// <summary>The refusal as received; null only for exceptions built with the standard constructors.</summary>
    public DirectoryServiceError? Error { get; }

    public string? ErrorCode => Error?.ErrorCode;

    public HttpStatusCode? StatusCode => Error?.StatusCode;

    private static string Describe(DirectoryServiceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var request = error.RequestId is null ? string.Empty : $" [request {error.RequestId}]";
        return $"Directory Service {error.Operation}: {error.ErrorCode} (HTTP {(int)error.StatusCode}): {error.Message}{request}";
    }
}
