using System.Net;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>A refusal from Directory Service as it came over the wire.</summary>
/// <param name="Operation">The call, e.g. <c>ResetUserPassword</c>.</param>
/// <param name="StatusCode">HTTP status of the answer.</param>
/// <param name="ErrorCode">AWS error type without namespace, e.g. <c>EntityDoesNotExistException</c>.</param>
/// <param name="Message">The service's message, with any secret sent in the request masked.</param>
/// <param name="RequestId">AWS request id, for support cases.</param>
public sealed record DirectoryServiceError(string Operation, HttpStatusCode StatusCode, string ErrorCode, string Message, string? RequestId);
