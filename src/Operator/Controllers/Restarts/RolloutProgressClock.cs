using System.Collections.Concurrent;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Remembers, per rollout, when its counts last changed. StatefulSet and DaemonSet controllers have no
/// progress deadline of their own, so "stalled" means: the counts did not move for a while.
/// In memory only: after an operator restart the clock starts again from the restart time recorded in
/// the pod template, which errs towards reporting a stall early rather than never.
/// </summary>
public sealed class RolloutProgressClock(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string Progress, DateTimeOffset Since)> marks = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="progress"/> has stayed the same for <paramref name="key"/>; a first sighting counts from <paramref name="since"/>.</summary>
    public TimeSpan StalledFor(string key, string progress, DateTimeOffset since)
    {
        var now = time.GetUtcNow();
        var mark = marks.AddOrUpdate(
            key,
            static (_, arg) => (arg.Progress, arg.Since < arg.Now ? arg.Since : arg.Now),
            static (_, old, arg) => old.Progress == arg.Progress ? old : (arg.Progress, arg.Now),
            (Progress: progress, Since: since, Now: now));
        return now - mark.Since;
    }

    public void Forget(string key) => marks.TryRemove(key, out _);
}
