namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Answer of <c>ResetUserPassword</c>: an empty object.</summary>
internal sealed record ResetUserPasswordResponse;
