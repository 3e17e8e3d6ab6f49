using Rotator.Api;
using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Finds the workloads to restart when a Secret changes: the explicit targets of a
/// <see cref="RestartSpec"/> and, with <c>discover: true</c>, every Deployment, StatefulSet and
/// DaemonSet in the namespace whose pod template reads the Secret.
/// </summary>
public sealed class ConsumerResolver(WorkloadApi workloads)
{
    /// <summary>
    /// Found is deduplicated and sorted by kind, then name, so status lists do not churn with the
    /// order of the spec or of list answers. A workload being deleted counts as missing: restarting it
    /// would only slow its deletion.
    /// </summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="spec">The resource's <c>restart</c>.</param>
    /// <param name="secretName">The mirrored Secret.</param>
    /// <param name="scope">Which consumers to look for (<see cref="RestartPolicy.Decide"/>).</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<ConsumerSet> ResolveAsync(string ns, RestartSpec? spec, string secretName, RestartScope scope, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        ArgumentException.ThrowIfNullOrEmpty(secretName);
        var found = new HashSet<WorkloadRef>();
        var read = new Dictionary<WorkloadRef, Workload>();
        var missing = new List<WorkloadRef>();

        foreach (var target in scope.HasFlag(RestartScope.Explicit) ? spec?.Targets ?? [] : [])
        {
            var workload = new WorkloadRef(target.Kind, target.Name);
            if (found.Contains(workload) || missing.Contains(workload))
            {
                continue;
            }

            var current = await workloads.GetAsync(target.Kind, ns, target.Name, ct);
            if (current is null || current.Metadata.DeletionTimestamp is not null)
            {
                missing.Add(workload);
            }
            else
            {
                found.Add(workload);
                read[workload] = current;
            }
        }

        if (spec?.Discover == true && scope.HasFlag(RestartScope.Discovered))
        {
            foreach (var kind in WorkloadApi.Kinds)
            {
                foreach (var item in await workloads.ListAsync(kind, ns, ct))
                {
                    if (item.Metadata.Name is { Length: > 0 } name && item.Metadata.DeletionTimestamp is null && References(item, secretName))
                    {
                        var workload = new WorkloadRef(kind, name);
                        found.Add(workload);
                        read[workload] = item;
                    }
                }
            }
        }

        var ordered = found.OrderBy(w => w.Kind).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
        return new ConsumerSet(ordered, missing, read);
    }

    private static bool References(Workload workload, string secretName) =>
        SecretReferences.In(workload.Template?.Spec).Contains(secretName);
}
