using Prometheus;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Metrics;

/// <summary>One controller's reconciles turned into its samples, children looked up once.</summary>
internal sealed class ControllerMetrics : IReconcileMetrics
{
    private readonly ICounter[] byOutcome;
    private readonly ICounter errors;
    private readonly IHistogram durations;

    /// <remarks>
    /// Every child is created here, at 0, so each series exists from the start and rate() sees the
    /// first error as an increase rather than as a new series.
    /// </remarks>
    public ControllerMetrics(string controller, Counter reconciles, Counter reconcileErrors, Histogram reconcileDurations)
    {
        byOutcome = [.. Enum.GetValues<ReconcileOutcome>().Select(outcome => reconciles.WithLabels(controller, ResultLabel(outcome)))];
        errors = reconcileErrors.WithLabels(controller);
        durations = reconcileDurations.WithLabels(controller);
    }

    public void Reconciled(ReconcileOutcome outcome, TimeSpan duration)
    {
        byOutcome[(int)outcome].Inc();
        if (outcome is ReconcileOutcome.Error or ReconcileOutcome.Terminal)
        {
            errors.Inc();
        }

        durations.Observe(duration.TotalSeconds);
    }

    private static string ResultLabel(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Success => "success",
        ReconcileOutcome.Requeue => "requeue",
        ReconcileOutcome.Error => "error",
        ReconcileOutcome.Terminal => "terminal",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a reconcile outcome."),
    };
}
