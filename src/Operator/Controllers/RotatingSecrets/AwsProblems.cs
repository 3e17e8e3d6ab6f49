using Rotator.Api;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Which failures of an AWS call are a condition on the resource (with its reason) rather than a bug.</summary>
public static class AwsProblems
{
    /// <summary>The reason and message for <paramref name="e"/>, or null when it is not an AWS problem.</summary>
    public static ResourceProblem? Classify(Exception e) => e switch
    {
        ResourceNotFoundException => new ResourceProblem(StatusReasons.SecretNotFound, "the secret does not exist in Secrets Manager (or this identity may not see it)"),
        RotationRefusedException refused => new ResourceProblem(refused.Reason, refused.Message),
        AwsServiceException or AwsTransportException or AwsCredentialsException or AwsResponseFormatException => new ResourceProblem(StatusReasons.AwsError, e.Message),
        MissingRegionException => new ResourceProblem(StatusReasons.AwsError, e.Message),
        _ => null,
    };
}
