using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws;

/// <summary>How one HTTP attempt ended: a 2xx body, an error answer, or no answer at all.</summary>
internal readonly record struct AwsAttemptResult(byte[]? Body, AwsErrorDetails? Error, Exception? TransportFailure, bool TimedOut);
