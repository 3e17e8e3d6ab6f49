using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Engine;

/// <summary>Turns an exception into a reason code and a text that is safe to show.</summary>
internal static class RotationFailures
{
    public const string SecretFormat = "SecretFormat";

    public static string ReasonOf(Exception e) => e switch
    {
        RotationTestFailedException test => test.Reason,
        RotationRefusedException refused => refused.Reason,
        SecretFormatException => SecretFormat,
        RotationTimedOutException => RotationReasons.AwsRotationTimedOut,
        AwsServiceException service => AwsReason(service.Service),
        AwsTransportException transport => AwsReason(transport.Service),
        _ => RotationReasons.StepFailed,
    };

    /// <summary>
    /// Rotator's own exceptions are written never to carry a value, so their messages pass. Anything else
    /// (a driver's, the runtime's) may quote its input, so only its type is shown.
    /// </summary>
    public static string MessageOf(Exception e) =>
        e.GetType().Namespace?.StartsWith("Rotator.", StringComparison.Ordinal) == true
            ? e.Message
            : $"{e.GetType().Name} (its message is withheld: it may quote a value)";

    /// <summary>Whether the engine must let the exception through: the run is being stopped, not failing.</summary>
    public static bool IsStop(Exception e) => e is OperationCanceledException or SimulatedCrashException;

    /// <summary>Every AWS failure names the service that failed (one error family): only Secrets Manager's are its errors.</summary>
    private static string AwsReason(string service) =>
        service == AwsService.SecretsManager.EndpointPrefix ? RotationReasons.SecretsManagerError : RotationReasons.AwsError;
}
