using Rotator.Api;


namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Bounded, newest-first lists in the status: one history entry per rotation (and per rollback), one restart record per workload and version.</summary>
public static class StatusLists
{
    /// <summary>Adds or replaces the entry of <paramref name="entry"/>'s version, newest first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<RotationHistoryEntry> Upsert(IReadOnlyList<RotationHistoryEntry>? history, RotationHistoryEntry entry, int limit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // A rollback to a version is an event of its own, not a new outcome of the rotation that made that version.
        bool Same(RotationHistoryEntry h) => h.VersionId == entry.VersionId && (h.Result == HistoryResult.Reverted) == (entry.Result == HistoryResult.Reverted);
        var previous = history?.FirstOrDefault(Same);
        var merged = entry with { StartedAt = previous?.StartedAt ?? entry.StartedAt, Username = entry.Username ?? previous?.Username };
        return [merged, .. (history ?? []).Where(h => !Same(h)).Take(limit - 1)];
    }

    /// <summary>
    /// Records a refused rotation. Consecutive refusals are one entry (the latest), so a schedule refused on every
    /// refresh does not push the real rotations out of the history.
    /// </summary>
    public static IReadOnlyList<RotationHistoryEntry> UpsertRefusal(IReadOnlyList<RotationHistoryEntry>? history, RotationHistoryEntry entry, int limit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rest = history is { Count: > 0 } && history[0].Result == HistoryResult.Refused ? history.Skip(1) : history ?? [];
        return [entry, .. rest.Take(limit - 1)];
    }

    /// <summary>Adds or replaces the record for the same workload and version, newest first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<RestartRecord> Upsert(IReadOnlyList<RestartRecord>? restarts, RestartRecord record, int limit)
    {
        ArgumentNullException.ThrowIfNull(record);
        static bool Same(RestartRecord a, RestartRecord b) => a.Kind == b.Kind && a.Name == b.Name && a.VersionId == b.VersionId;
        var existing = restarts?.FirstOrDefault(r => Same(r, record));
        var list = (restarts ?? []).Where(r => !Same(r, record)).ToList();
        list.Insert(existing is null ? 0 : Math.Min(restarts!.ToList().FindIndex(r => Same(r, record)), list.Count), record);
        return [.. list.Take(limit)];
    }

    /// <summary>Restart records for <paramref name="versionId"/> whose rollout is still awaited.</summary>
    public static IReadOnlyList<RestartRecord> Awaiting(IReadOnlyList<RestartRecord>? restarts, string? versionId) =>
        versionId is null ? [] : [.. (restarts ?? []).Where(r => r.VersionId == versionId && r.RolledOut == false)];

    /// <summary>"Deployment/api, StatefulSet/db" for messages.</summary>
    public static string Names(IEnumerable<RestartRecord> restarts) => string.Join(", ", restarts.Select(r => $"{r.Kind}/{r.Name}"));
}
