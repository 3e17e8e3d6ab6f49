namespace Rotator.Rotation.Engine;

/// <summary>Records every call, in order, for tests and diagnostics. Thread-safe.</summary>
public sealed class InMemoryRotationObserver : IRotationObserver
{
    private readonly List<RecordedRotationEvent> events = [];
    private readonly Lock gate = new();

    /// <summary>A snapshot of what was recorded so far.</summary>
    public IReadOnlyList<RecordedRotationEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public void StepStarted(RotationStepEvent step) => Record(RotationEventKind.Started, step);

    public void StepFinished(RotationStepEvent step) => Record(RotationEventKind.Finished, step);

    public void StepFailed(RotationStepEvent step) => Record(RotationEventKind.Failed, step);

    public void Clear()
    {
        lock (gate)
        {
            events.Clear();
        }
    }

    private void Record(RotationEventKind kind, RotationStepEvent step)
    {
        ArgumentNullException.ThrowIfNull(step);
        lock (gate)
        {
            events.Add(new RecordedRotationEvent(kind, step));
        }
    }
}
