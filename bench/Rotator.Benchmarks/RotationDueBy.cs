namespace Rotator.Benchmarks;

/// <summary>How <see cref="RotationBenchmark"/> makes every rotation due at once.</summary>
public enum RotationDueBy
{
    /// <summary>
    /// A cron schedule whose only slot is the same whole minute for all (patched into every spec ahead of
    /// it): the operator wakes each resource for the slot by itself, as for a real schedule.
    /// </summary>
    Schedule,

    /// <summary>A new <c>rotator.io/rotate-now</c> value on every resource, as fast as the API server takes the patches.</summary>
    RotateNow,
}
