using System.Net;

namespace Rotator.Rotation.Aws.Errors;

/// <summary>An error answer as read off the wire by either protocol, before it becomes an exception.</summary>
internal sealed record AwsErrorDetails(string Code, string? Message, HttpStatusCode Status, string? RequestId);
