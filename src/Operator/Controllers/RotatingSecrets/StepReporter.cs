using System.Globalization;
using Microsoft.Extensions.Logging;
using k8s.Models;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Engine;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Turns the engine's step progress into events on the resource, log lines and step-duration metrics.
/// The engine's step events carry ids, step names, durations and reasons only, never a value.
/// </summary>
public sealed class StepReporter(V1ObjectReference regarding, IEventRecorder events, RotatorMetrics metrics, ILogger logger) : IRotationObserver
{
    public void StepStarted(RotationStepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        logger.LogInformation("{Strategy} rotation {VersionId}: {Step} started", step.Strategy, step.VersionId, step.Step);
    }

    public void StepFinished(RotationStepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var ms = step.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        logger.LogInformation("{Strategy} rotation {VersionId}: {Step} finished in {DurationMs} ms", step.Strategy, step.VersionId, step.Step, ms);
        metrics.StepFinished(step.Strategy, step.Step, step.Duration);
        events.Record(regarding, EventType.Normal, "StepSucceeded", step.Step, $"{step.Step} finished for version {step.VersionId} in {ms} ms");
    }

    public void StepFailed(RotationStepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        logger.LogWarning("{Strategy} rotation {VersionId}: {Step} failed ({Reason}): {Message}", step.Strategy, step.VersionId, step.Step, step.Reason, step.Message);
        metrics.StepFinished(step.Strategy, step.Step, step.Duration);
        events.Record(regarding, EventType.Warning, "StepFailed", step.Step, $"{step.Step} failed for version {step.VersionId}: {step.Reason}: {step.Message}");
    }
}
