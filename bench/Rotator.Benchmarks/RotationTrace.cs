using System.Collections.Concurrent;
using Rotator.Api;

namespace Rotator.Benchmarks;

/// <summary>
/// What the benchmark saw of one RotatingSecret's rotation, from outside the operator: every time is a
/// <see cref="System.Diagnostics.Stopwatch"/> timestamp of this process, when the watch (or the operator's
/// log, or the AWS poll) showed it.
/// </summary>
/// <param name="ns">The resource's namespace.</param>
/// <param name="name">The resource, its Secret and its Deployment share this name.</param>
/// <param name="secretId">Its Secrets Manager secret.</param>
/// <param name="user">The database user the secret starts with; the rotation moves it to the <c>_clone</c> twin.</param>
/// <param name="initialVersionId">AWSCURRENT when the benchmark created the secret.</param>
public sealed class RotationTrace(string ns, string name, string secretId, string user, string initialVersionId)
{
    private readonly Lock gate = new();
    private readonly HashSet<string> rotationIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> pendingIds = new(StringComparer.Ordinal);
    private readonly List<string> dropped = [];
    private string? lastRotationId;

    public string Namespace { get; } = ns;

    public string Name { get; } = name;

    public string SecretId { get; } = secretId;

    public string User { get; } = user;

    public string InitialVersionId { get; } = initialVersionId;

    /// <summary>Secret VersionId annotation → when the watch first showed the Secret holding it.</summary>
    public ConcurrentDictionary<string, long> SecretVersionsSeen { get; } = new(StringComparer.Ordinal);

    /// <summary><c>rotator.io/restarted-for</c> on the Deployment's pod template → when the watch first showed it.</summary>
    public ConcurrentDictionary<string, long> RestartsSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>The status showed the first mirror done (Ready, AWSCURRENT the initial version).</summary>
    public bool Mirrored { get; private set; }

    /// <summary>The version the rotation made current, once the status history shows it Succeeded.</summary>
    public string? NewVersionId { get; private set; }

    /// <summary>When the watch first showed the status with the rotation Succeeded in its history.</summary>
    public long? FinishedSeen { get; private set; }

    /// <summary>When the operator logged the rotation's end (right after finishSecret returned).</summary>
    public long? FinishLogged { get; set; }

    /// <summary>The user name the status reported last.</summary>
    public string? CurrentUsername { get; private set; }

    /// <summary>The most history entries any status showed.</summary>
    public int MaxHistory { get; private set; }

    /// <summary>Distinct <c>status.rotation.versionId</c> values seen: more than one is two rotations of one secret.</summary>
    public int RotationIds
    {
        get
        {
            lock (gate)
            {
                return rotationIds.Count;
            }
        }
    }

    /// <summary>
    /// The Rotating condition's reason each time a <c>status.rotation</c> left the status without its version
    /// succeeding (refused or given up); with one new version per secret in AWS, such an attempt wrote nothing.
    /// </summary>
    public IReadOnlyList<string> DroppedRotations
    {
        get
        {
            lock (gate)
            {
                return [.. dropped];
            }
        }
    }

    /// <summary>Distinct versions the AWS poll caught labelled AWSPENDING.</summary>
    public int PendingIds
    {
        get
        {
            lock (gate)
            {
                return pendingIds.Count;
            }
        }
    }

    public bool Finished => NewVersionId is not null;

    /// <summary>Secret updated, Deployment restarted: both for the new version.</summary>
    public bool Propagated => NewVersionId is { } v && SecretVersionsSeen.ContainsKey(v) && RestartsSeen.ContainsKey(v);

    /// <summary>From the operator's end-of-rotation log to the watch showing the Secret with the new version.</summary>
    public TimeSpan? SecretPropagation => Since(FinishLogged, SecretVersionsSeen);

    /// <summary>From the operator's end-of-rotation log to the watch showing the Deployment's restart annotation.</summary>
    public TimeSpan? RestartPropagation => Since(FinishLogged, RestartsSeen);

    public void OnStatus(RotatingSecretStatus? status, long seen)
    {
        if (status is null)
        {
            return;
        }

        lock (gate)
        {
            if (status.Rotation?.VersionId is { } id)
            {
                rotationIds.Add(id);
            }

            if (lastRotationId is { } last && status.Rotation?.VersionId != last
                && status.History?.Any(h => h.VersionId == last && h.Result == HistoryResult.Succeeded) != true)
            {
                dropped.Add(status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Rotating)?.Reason ?? "unknown");
            }

            lastRotationId = status.Rotation?.VersionId;

            CurrentUsername = status.CurrentUsername ?? CurrentUsername;
            MaxHistory = Math.Max(MaxHistory, status.History?.Count ?? 0);
            Mirrored |= status.CurrentVersionId == InitialVersionId
                && status.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true;
            if (NewVersionId is null && status.Rotation is null
                && status.History?.FirstOrDefault(h => h.Result == HistoryResult.Succeeded && h.VersionId != InitialVersionId) is { VersionId: { } version })
            {
                NewVersionId = version;
                FinishedSeen = seen;
            }
        }
    }

    public void OnPending(string versionId)
    {
        lock (gate)
        {
            pendingIds.Add(versionId);
        }
    }

    private TimeSpan? Since(long? start, ConcurrentDictionary<string, long> seen) =>
        start is { } from && NewVersionId is { } v && seen.TryGetValue(v, out var at)
            ? System.Diagnostics.Stopwatch.GetElapsedTime(from, at)
            : null;
}
