using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Restarts a consumer onto a Secret version by changing its pod template (the workload controller
/// then replaces the pods), and tracks that rollout. Register one instance for the process: it keeps
/// the StatefulSet/DaemonSet stall clock in memory.
/// </summary>
public sealed class WorkloadRestarter(WorkloadApi workloads, TimeProvider time, TimeSpan? stallDeadline = null)
{
    /// <summary>Same as a Deployment's default progressDeadlineSeconds.</summary>
    public static readonly TimeSpan DefaultStallDeadline = TimeSpan.FromMinutes(10);

    private const int Attempts = 5;

    private readonly RolloutProgressClock clock = new(time);

    /// <summary>How long a StatefulSet or DaemonSet rollout may make no progress before it is <see cref="RolloutPhase.Degraded"/>.</summary>
    public TimeSpan StallDeadline { get; } = stallDeadline ?? DefaultStallDeadline;

    /// <summary>
    /// Sets the <see cref="RestartAnnotations.RestartedFor"/> template annotation to
    /// <paramref name="versionId"/>; writes nothing when it already has that value, so a restarted
    /// operator never restarts consumers twice. Throws <see cref="NotFoundException"/> when the
    /// workload does not exist.
    /// </summary>
    public Task<RestartOutcome> RestartAsync(string ns, WorkloadRef workload, string versionId, CancellationToken ct) =>
        RestartAsync(ns, workload, versionId, null, ct);

    /// <summary>
    /// As <see cref="RestartAsync(string, WorkloadRef, string, CancellationToken)"/>, starting from
    /// <paramref name="justRead"/> (the workload as read a moment ago) instead of reading it: the patch
    /// carries its resourceVersion, so a stale copy costs a conflict and a re-read, never a lost write.
    /// </summary>
    public async Task<RestartOutcome> RestartAsync(string ns, WorkloadRef workload, string versionId, Workload? justRead, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        for (var attempt = 1; ; attempt++)
        {
            var current = (attempt == 1 ? justRead : null)
                ?? await workloads.GetAsync(workload.Kind, ns, workload.Name, ct)
                ?? throw new NotFoundException("get", WorkloadApi.ResourceName(workload.Kind), new V1Status { Code = 404, Reason = "NotFound", Message = $"{workload} not found in namespace {ns}" });
            var annotations = current.Template?.Metadata?.Annotations;
            if (annotations is not null && annotations.TryGetValue(RestartAnnotations.RestartedFor, out var restartedFor) && restartedFor == versionId)
            {
                return new RestartOutcome(workload, false, RestartedAt(current) ?? time.GetUtcNow());
            }

            // Whole seconds, RFC 3339 like kubectl's restartedAt, so the value read back equals the one returned.
            var now = time.GetUtcNow();
            now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var patch = new JsonObject
            {
                // resourceVersion in a merge patch is a precondition: if someone else restarted it in
                // between, we re-read instead of writing over their version.
                ["metadata"] = new JsonObject { ["resourceVersion"] = current.Metadata.ResourceVersion },
                ["spec"] = new JsonObject
                {
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject
                        {
                            ["annotations"] = new JsonObject
                            {
                                [RestartAnnotations.RestartedFor] = versionId,
                                [RestartAnnotations.RestartedAt] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                            },
                        },
                    },
                },
            };
            try
            {
                await workloads.PatchAsync(workload.Kind, ns, workload.Name, patch, ct);
                return new RestartOutcome(workload, true, now);
            }
            catch (ConflictException) when (attempt < Attempts)
            {
                // Written since we read it (a status update by its controller bumps resourceVersion too):
                // read again and re-decide, since the new version may already carry this restart.
            }
        }
    }

    /// <summary>
    /// Where the rollout onto <paramref name="versionId"/> stands. Deployments are Degraded when their
    /// controller reports ProgressDeadlineExceeded; StatefulSets and DaemonSets when their counts did
    /// not move for <see cref="StallDeadline"/>.
    /// </summary>
    public async Task<RolloutState> RolloutAsync(string ns, WorkloadRef workload, string versionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        var current = await workloads.GetAsync(workload.Kind, ns, workload.Name, ct);
        var state = RolloutEvaluator.Evaluate(workload, current, versionId);
        var key = $"{ns}/{workload.Kind}/{workload.Name}/{current?.Metadata.Uid}/{versionId}";
        if (current is null || state.Phase != RolloutPhase.Progressing || workload.Kind == WorkloadKind.Deployment)
        {
            clock.Forget(key);
            return state;
        }

        var stalled = clock.StalledFor(key, RolloutEvaluator.Progress(current), RestartedAt(current) ?? time.GetUtcNow());
        return stalled >= StallDeadline
            ? state with
            {
                Phase = RolloutPhase.Degraded,
                Message = string.Create(CultureInfo.InvariantCulture, $"{state.Message}; no progress for {(long)stalled.TotalSeconds}s (deadline {(long)StallDeadline.TotalSeconds}s)"),
            }
            : state;
    }

    private static DateTimeOffset? RestartedAt(Workload workload) =>
        workload.Template?.Metadata?.Annotations is { } annotations
        && annotations.TryGetValue(RestartAnnotations.RestartedAt, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
}
