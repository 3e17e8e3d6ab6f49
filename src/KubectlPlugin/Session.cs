using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Api;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.KubectlPlugin;

/// <summary>One invocation: a client, the namespace, the output format and the writers.</summary>
public sealed partial class Session(KubernetesApi client, string ns, OutputFormat format, TextWriter output, TextWriter error, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Output goes to a terminal or a script, not into HTML: '+' and quotes need no \u escapes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ResourceApi<RotatingSecret> Resources => client.For(RotatingSecretResource.Type);

    public async Task<int> ListAsync(bool allNamespaces, CancellationToken ct)
    {
        var items = (await Resources.ListAllAsync(allNamespaces ? null : ns, null, ct)).Items
            .OrderBy(r => r.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            Write(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray([.. items.Select(ToNode)]) });
            return ExitCodes.Ok;
        }

        if (items.Count == 0)
        {
            await error.WriteLineAsync(allNamespaces ? "No RotatingSecrets found." : $"No RotatingSecrets found in {ns} namespace.");
            return ExitCodes.Ok;
        }

        var now = time.GetUtcNow();
        string[] headers = ["NAME", "STRATEGY", "USER", "READY", "LAST ROTATION", "NEXT ROTATION", "ROLLOUT"];
        var table = new TableWriter(allNamespaces ? ["NAMESPACE", .. headers] : headers);
        foreach (var item in items)
        {
            string[] cells =
            [
                item.Metadata.Name ?? "", item.Spec.Rotation.Strategy.ToString(), item.Status?.CurrentUsername ?? "-",
                FindCondition(item, ConditionTypes.Ready)?.Status ?? "-",
                Ages.Since(item.Status?.LastRotationTime, now), Ages.Until(item.Status?.NextRotationTime, now),
                FindCondition(item, ConditionTypes.RolloutComplete)?.Reason ?? "-",
            ];
            table.Add(allNamespaces ? [item.Metadata.NamespaceProperty ?? "", .. cells] : cells);
        }

        table.WriteTo(output);
        return ExitCodes.Ok;
    }

    public async Task<int> StatusAsync(string name, CancellationToken ct)
    {
        var item = await GetAsync(name, ct);
        var ready = FindCondition(item, ConditionTypes.Ready);
        var code = ready?.Status == "True" ? ExitCodes.Ok : ExitCodes.NotReady;
        if (format != OutputFormat.Table)
        {
            Write(ToNode(item));
            return code;
        }

        var now = time.GetUtcNow();
        var s = item.Status;
        output.WriteLine($"RotatingSecret {item.Metadata.NamespaceProperty}/{item.Metadata.Name} (strategy {item.Spec.Rotation.Strategy}, AWS secret {item.Spec.SecretId})");
        output.WriteLine($"  Current version:  {s?.CurrentVersionId ?? "-"}");
        output.WriteLine($"  User:             {s?.CurrentUsername ?? "-"}");
        output.WriteLine($"  Last rotation:    {Timestamp(s?.LastRotationTime, Ages.Since(s?.LastRotationTime, now) + " ago")}");
        output.WriteLine($"  Next rotation:    {Timestamp(s?.NextRotationTime, Ages.Until(s?.NextRotationTime, now))}");
        output.WriteLine();
        if (s?.Conditions is not { Count: > 0 } conditions)
        {
            output.WriteLine("No conditions yet: the operator has not processed this resource. Check that the operator runs and watches this namespace.");
        }
        else
        {
            output.WriteLine("Conditions:");
            foreach (var condition in conditions)
            {
                output.WriteLine($"  {condition.Type} {condition.Status} ({condition.Reason}, {Ages.Since(condition.LastTransitionTime, now)} ago): {ReasonExplanations.Explain(condition.Reason)}.");
                if (condition.Message.Length > 0)
                {
                    output.WriteLine($"    Message: {condition.Message}");
                }
            }
        }

        if (s?.Rotation is { } rotation)
        {
            output.WriteLine();
            output.WriteLine($"Rotation in flight: version {rotation.VersionId ?? "-"}, step {rotation.Step ?? "-"}, attempts {rotation.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "-"}, started {Ages.Since(rotation.StartedAt, now)} ago");
            if (rotation.AwaitingApprovalSince is { } waiting && rotation.ApprovedAt is null)
            {
                output.WriteLine($"  Awaiting approval for {Ages.Since(waiting, now)}: kubectl rotator approve {name}");
            }

            if (rotation.LastError is { Length: > 0 } lastError)
            {
                output.WriteLine($"  Last error: {lastError}");
            }
        }

        if (s?.Rollback is { } rollback)
        {
            output.WriteLine();
            output.WriteLine($"Rollback in flight: from version {rollback.FromVersionId ?? "-"} to {rollback.ToVersionId ?? "-"}, attempts {rollback.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "-"}, started {Ages.Since(rollback.StartedAt, now)} ago");
            if (rollback.LastError is { Length: > 0 } lastError)
            {
                output.WriteLine($"  Last error: {lastError}");
            }
        }

        if (s?.Restarts is { Count: > 0 } restarts)
        {
            output.WriteLine();
            output.WriteLine("Restarts:");
            foreach (var restart in restarts)
            {
                var rolledOut = restart.RolledOut == true ? "rolled out" : "rolling out";
                output.WriteLine($"  {restart.Kind}/{restart.Name} for version {restart.VersionId ?? "-"}, {Ages.Since(restart.RestartedAt, now)} ago, {rolledOut}");
            }
        }

        return code;
    }

    public async Task<int> HistoryAsync(string name, CancellationToken ct)
    {
        var item = await GetAsync(name, ct);
        var history = item.Status?.History ?? [];
        if (format != OutputFormat.Table)
        {
            Write(JsonSerializer.SerializeToNode(item.Status ?? new RotatingSecretStatus(), ResourcesJsonContext.Default.RotatingSecretStatus)?["history"] ?? new JsonArray());
            return ExitCodes.Ok;
        }

        if (history.Count == 0)
        {
            await error.WriteLineAsync($"No rotations recorded for {item.Metadata.NamespaceProperty}/{name}.");
            return ExitCodes.Ok;
        }

        var table = new TableWriter(["VERSION", "STARTED", "FINISHED", "RESULT", "USER"]);
        foreach (var entry in history)
        {
            table.Add(entry.VersionId ?? "-", Iso(entry.StartedAt), Iso(entry.FinishedAt), entry.Result?.ToString() ?? "-", entry.Username ?? "-");
        }

        table.WriteTo(output);
        return ExitCodes.Ok;
    }

    public Task<int> RotateAsync(string name, bool wait, TimeSpan timeout, CancellationToken ct) =>
        RequestAsync(name, RequestAnnotations.RotateNow, "rotation", status => status?.HandledRotateNow, RotationOutcome, wait, timeout, ct);

    public Task<int> RollbackAsync(string name, bool wait, TimeSpan timeout, CancellationToken ct) =>
        RequestAsync(name, RequestAnnotations.Rollback, "rollback", status => status?.HandledRollback, RollbackOutcome, wait, timeout, ct);

    public void Dispose() => client.Dispose();

    /// <summary>
    /// Sets <paramref name="annotation"/> to a new value (the operator acts once per value, so re-running asks again) and,
    /// with <paramref name="wait"/>, polls until the status says the operator handled that value and is no longer busy with it.
    /// </summary>
    private async Task<int> RequestAsync(
        string name, string annotation, string noun, Func<RotatingSecretStatus?, string?> handled, Func<RotatingSecret, Request, int> outcome, bool wait, TimeSpan timeout, CancellationToken ct)
    {
        var requestedAt = time.GetUtcNow();
        var request = new Request(name, annotation, requestedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), requestedAt);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [annotation] = request.Value } } };
        await Resources.PatchAsync(ns, name, patch, V1Patch.PatchType.MergePatch, ct);
        var requested = $"{noun} requested for {ns}/{name}: {annotation}={request.Value}";
        if (!wait)
        {
            return Report(request, "Requested", null, ExitCodes.Ok, requested);
        }

        if (format == OutputFormat.Table)
        {
            output.WriteLine($"{requested}; waiting up to {Ages.Format(timeout)}");
        }

        // Done when the operator handled this value and is no longer busy with it, or holds it for a person's approval.
        var item = await WaitForAsync(name, r => handled(r.Status) == request.Value
            && FindCondition(r, ConditionTypes.Rotating) is not { Status: "True" } or { Reason: StatusReasons.AwaitingApproval }, timeout, ct);
        if (item is null)
        {
            await error.WriteLineAsync($"kubectl-rotator: timed out after {Ages.Format(timeout)}: the operator has not finished handling {annotation}={request.Value} (is it running and watching {ns}?)");
            return Report(request, "Timeout", null, ExitCodes.Timeout, null);
        }

        if (FindCondition(item, ConditionTypes.Rotating)?.Reason == StatusReasons.AwaitingApproval)
        {
            // approval: Manual: the rotation ends only after a person approves it; waiting here would only time out.
            return Report(request, StatusReasons.AwaitingApproval, null, ExitCodes.NotReady,
                $"rotation {item.Status?.Rotation?.VersionId ?? "-"} of {ns}/{name} awaits approval: kubectl rotator approve {name}");
        }

        return outcome(item, request);
    }

    private int RotationOutcome(RotatingSecret item, Request request)
    {
        // The newest history entry is this request's when it finished after the request (clocks may differ slightly).
        var entry = item.Status?.History is { Count: > 0 } entries ? entries[0] : null;
        if (entry?.FinishedAt is { } finished && finished >= request.At - TimeSpan.FromMinutes(1) && entry.Result != HistoryResult.Reverted)
        {
            var ok = entry.Result == HistoryResult.Succeeded;
            return Report(request, entry.Result?.ToString() ?? "Unknown", entry, ok ? ExitCodes.Ok : ExitCodes.NotReady,
                $"rotation of {ns}/{request.Name} {entry.Result?.ToString().ToLowerInvariant() ?? "ended"}: version {entry.VersionId ?? "-"}, user {entry.Username ?? "-"}");
        }

        var ready = FindCondition(item, ConditionTypes.Ready);
        var rotating = FindCondition(item, ConditionTypes.Rotating);
        return Report(request, "NoRotation", null, ready?.Status == "True" ? ExitCodes.Ok : ExitCodes.NotReady,
            $"the operator handled the request without recording a rotation ({rotating?.Reason ?? "no Rotating condition"}): {rotating?.Message}");
    }

    private int RollbackOutcome(RotatingSecret item, Request request)
    {
        var rotating = FindCondition(item, ConditionTypes.Rotating);
        if (rotating?.Reason == StatusReasons.RolledBack && item.Status?.History is [{ Result: HistoryResult.Reverted } entry, ..])
        {
            return Report(request, StatusReasons.RolledBack, entry, ExitCodes.Ok,
                $"rolled back {ns}/{request.Name}: version {entry.VersionId ?? "-"} is AWSCURRENT again, user {entry.Username ?? item.Status.CurrentUsername ?? "-"}");
        }

        return Report(request, rotating?.Reason ?? "Unknown", null, ExitCodes.NotReady,
            $"the rollback of {ns}/{request.Name} did not happen ({rotating?.Reason ?? "no Rotating condition"}): {rotating?.Message}");
    }

    private int Report(Request request, string outcome, RotationHistoryEntry? entry, int code, string? line)
    {
        if (format == OutputFormat.Table)
        {
            if (line is not null)
            {
                output.WriteLine(line);
            }
        }
        else
        {
            var result = new JsonObject
            {
                ["namespace"] = ns, ["name"] = request.Name, ["annotation"] = request.Annotation, ["requested"] = request.Value, ["outcome"] = outcome, ["exitCode"] = code,
            };
            if (entry is not null)
            {
                result["versionId"] = entry.VersionId;
                result["username"] = entry.Username;
            }

            Write(result);
        }

        return code;
    }

    private async Task<RotatingSecret> GetAsync(string name, CancellationToken ct) =>
        await Resources.GetAsync(ns, name, ct) ?? throw new NotFoundException("get", $"rotatingsecrets {ns}/{name}", null);

    private void Write(JsonNode? node)
    {
        if (format == OutputFormat.Yaml)
        {
            output.Write(YamlWriter.Write(node));
        }
        else
        {
            output.WriteLine(node?.ToJsonString(Indented) ?? "null");
        }
    }

    private static JsonNode? ToNode(RotatingSecret item)
    {
        var node = JsonSerializer.SerializeToNode(item, ResourcesJsonContext.Default.RotatingSecret);
        // As kubectl get: managedFields is bookkeeping of the API server, long and of no use to a person.
        (node?["metadata"] as JsonObject)?.Remove("managedFields");
        return node;
    }

    private static Condition? FindCondition(RotatingSecret item, string type) => item.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static string Iso(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string Timestamp(DateTimeOffset? time, string relative) => time is null ? "-" : $"{Iso(time)} ({relative})";
}
