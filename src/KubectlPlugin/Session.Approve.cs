using System.Text.Json.Nodes;
using Rotator.Api;
using k8s.Models;

namespace Rotator.KubectlPlugin;

/// <summary><c>kubectl rotator approve</c>: the approval gate of <c>spec.rotation.approval: Manual</c>.</summary>
public sealed partial class Session
{
    /// <summary>
    /// Writes <c>rotator.io/approve</c>. Without <paramref name="version"/> it names the version awaiting approval
    /// and refuses when none is; with it, it writes that value in any case (the operator ignores a value that is
    /// not the pending version) and says so, with exit code 1, so a script learns that nothing was approved.
    /// </summary>
    public async Task<int> ApproveAsync(string name, string? version, bool wait, TimeSpan timeout, CancellationToken ct)
    {
        var item = await GetAsync(name, ct);
        var rotating = FindCondition(item, ConditionTypes.Rotating);
        var awaiting = rotating is { Status: "True", Reason: StatusReasons.AwaitingApproval } ? item.Status?.Rotation?.VersionId : null;
        if (version is null && awaiting is null)
        {
            await error.WriteLineAsync($"kubectl-rotator: {ns}/{name} has no rotation awaiting approval (Rotating: {rotating?.Reason ?? "not reported yet"}): nothing to approve");
            return Report(new Request(name, RequestAnnotations.Approve, "", time.GetUtcNow()), "NothingToApprove", null, ExitCodes.NotReady, null);
        }

        version ??= awaiting!;
        var request = new Request(name, RequestAnnotations.Approve, version, time.GetUtcNow());
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.Approve] = version } } };
        await Resources.PatchAsync(ns, name, patch, V1Patch.PatchType.MergePatch, ct);
        if (version != awaiting)
        {
            await error.WriteLineAsync($"kubectl-rotator: wrote {RequestAnnotations.Approve}={version}, but the version awaiting approval is {awaiting ?? "none"}: the operator ignores this approval");
            return Report(request, "Ignored", null, ExitCodes.NotReady, null);
        }

        var approved = $"rotation {version} of {ns}/{name} approved: {RequestAnnotations.Approve}={version}";
        if (!wait)
        {
            return Report(request, "Approved", null, ExitCodes.Ok, approved);
        }

        if (format == OutputFormat.Table)
        {
            output.WriteLine($"{approved}; waiting up to {Ages.Format(timeout)}");
        }

        // The rotation ends when the status no longer carries it; its history entry says how.
        var ended = await WaitForAsync(name, r => r.Status?.Rotation?.VersionId != version, timeout, ct);
        if (ended is null)
        {
            await error.WriteLineAsync($"kubectl-rotator: timed out after {Ages.Format(timeout)}: rotation {version} has not ended (is the operator running and watching {ns}?)");
            return Report(request, "Timeout", null, ExitCodes.Timeout, null);
        }

        var entry = ended.Status?.History?.FirstOrDefault(h => h.VersionId == version);
        var result = entry?.Result?.ToString() ?? "Unknown";
        return Report(request, result, entry, entry?.Result == HistoryResult.Succeeded ? ExitCodes.Ok : ExitCodes.NotReady,
            $"rotation {version} of {ns}/{name} ended: {result}{(entry?.Username is { } user ? $", user {user}" : "")}");
    }

    /// <returns>The resource once <paramref name="done"/> holds; null when <paramref name="timeout"/> passed first.</returns>
    private async Task<RotatingSecret?> WaitForAsync(string name, Func<RotatingSecret, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            while (true)
            {
                var item = await GetAsync(name, linked.Token);
                if (done(item))
                {
                    return item;
                }

                await Task.Delay(PollInterval, time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
