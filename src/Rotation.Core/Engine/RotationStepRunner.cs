namespace Rotator.Rotation.Engine;

/// <summary>Runs one step of one rotation: reports it to the observer, times it, and turns a failure into an outcome.</summary>
internal sealed class RotationStepRunner(IRotationObserver observer, TimeProvider time, string secretId, string versionId, string strategy)
{
    /// <param name="step">The step's name.</param>
    /// <param name="body">The step.</param>
    /// <param name="refusalIsFinal">
    /// A <see cref="Abstractions.RotationRefusedException"/> from the step ends the rotation as Refused (nothing a retry
    /// could change) instead of Failed; the caller makes sure nothing of it is left behind.
    /// </param>
    /// <returns>Null when the step finished; the Failed (or Refused) outcome otherwise.</returns>
    public async Task<RotationOutcome?> RunAsync(string step, Func<Task> body, bool refusalIsFinal = false)
    {
        var started = time.GetTimestamp();
        var template = new RotationStepEvent { SecretId = secretId, VersionId = versionId, Step = step, Strategy = strategy };
        observer.StepStarted(template);
        try
        {
            await body();
        }
        catch (Exception e) when (!RotationFailures.IsStop(e))
        {
            var reason = RotationFailures.ReasonOf(e);
            var message = $"{step} failed: {RotationFailures.MessageOf(e)}";
            observer.StepFailed(template with { Duration = time.GetElapsedTime(started), Reason = reason, Message = message });
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = versionId, FailedStep = step, Reason = reason, Message = message,
                Result = refusalIsFinal && e is Abstractions.RotationRefusedException ? RotationResult.Refused : RotationResult.Failed,
            };
        }

        observer.StepFinished(template with { Duration = time.GetElapsedTime(started) });
        return null;
    }
}
