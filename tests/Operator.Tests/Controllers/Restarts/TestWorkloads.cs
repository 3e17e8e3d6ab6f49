using System.Globalization;
using System.Text.Json.Nodes;
using Rotator.Operator.Controllers.Restarts;
using k8s;
using k8s.Models;
using Rotator.Operator.Kubernetes.Workloads;
using Rotator.Operator.Kubernetes;
using Rotator.Operator.Kubernetes.Errors;
using Rotator.Operator.Resources;

namespace Rotator.Operator.Tests.Controllers.Restarts;

/// <summary>
/// Creates workloads in a test bed namespace and plays the kubelet by writing pod status the way it would; the test
/// bed's controller manager runs the Deployment, ReplicaSet, StatefulSet and DaemonSet controllers.
/// </summary>
internal sealed class TestWorkloads(KubernetesApi client, string ns)
{
    public static async Task<TestWorkloads> CreateNamespaceAsync(KubernetesApi client, CancellationToken ct)
    {
        var ns = $"restarts-{Guid.NewGuid():N}"[..21];
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        return new TestWorkloads(client, ns);
    }

    public string Namespace => ns;

    public Task DeleteNamespaceAsync() => client.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);

    /// <summary>A pod spec with one container; tests put their Secret references in <paramref name="container"/> or <paramref name="volumes"/>.</summary>
    public static JsonObject PodSpec(JsonObject? container = null, JsonArray? volumes = null)
    {
        container ??= new JsonObject();
        container["name"] = "app";
        container["image"] = "example.invalid/app:1";
        var spec = new JsonObject { ["containers"] = new JsonArray(container) };
        if (volumes is not null)
        {
            spec["volumes"] = volumes;
        }

        return spec;
    }

    public async Task<Workload> CreateAsync(WorkloadKind kind, string name, JsonObject podSpec, CancellationToken ct, int replicas = 1, int? progressDeadlineSeconds = null)
    {
        var labels = new JsonObject { ["app"] = name };
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone() }, ["spec"] = podSpec },
        };
        if (kind != WorkloadKind.DaemonSet)
        {
            spec["replicas"] = replicas;
        }
        else
        {
            // Only this namespace's nodes (CreateNodesAsync): tests running side by side each count their own pods.
            podSpec["nodeSelector"] = new JsonObject { ["test-namespace"] = ns };
        }

        if (kind == WorkloadKind.StatefulSet)
        {
            spec["serviceName"] = name;
        }

        if (progressDeadlineSeconds is { } deadline)
        {
            spec["progressDeadlineSeconds"] = deadline;
        }

        var json = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec }.ToJsonString();
        return kind switch
        {
            WorkloadKind.Deployment => Workload.Of(await client.For(ResourceTypes.Deployments).CreateAsync(ns, KubernetesJson.Deserialize<V1Deployment>(json), ct)),
            WorkloadKind.StatefulSet => Workload.Of(await client.For(ResourceTypes.StatefulSets).CreateAsync(ns, KubernetesJson.Deserialize<V1StatefulSet>(json), ct)),
            _ => Workload.Of(await client.For(ResourceTypes.DaemonSets).CreateAsync(ns, KubernetesJson.Deserialize<V1DaemonSet>(json), ct)),
        };
    }

    public async Task<Workload> GetAsync(WorkloadKind kind, string name, CancellationToken ct) =>
        (await new WorkloadApi(client).GetAsync(kind, ns, name, ct))!;

    public async Task<int> ReplicaSetCountAsync(string deployment, CancellationToken ct)
    {
        var list = await client.For(ResourceTypes.ReplicaSets).ListAsync(ns, new ListOptions { LabelSelector = $"app={deployment}" }, ct);
        return list.Items.Count;
    }

    /// <summary>What a kubelet reports for a started, passing pod: Running and Ready. Returns how many pods it changed.</summary>
    public async Task<int> MarkPodsReadyAsync(string app, CancellationToken ct)
    {
        var pods = client.For(ResourceTypes.Pods);
        var list = await pods.ListAsync(ns, new ListOptions { LabelSelector = $"app={app}" }, ct);
        var changed = 0;
        foreach (var pod in list.Items)
        {
            if (pod.Metadata.DeletionTimestamp is not null || IsReady(pod))
            {
                continue;
            }

            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            JsonNode Condition(string type) => new JsonObject { ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now };
            var patch = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["startTime"] = now,
                    ["conditions"] = new JsonArray(Condition("Initialized"), Condition("PodScheduled"), Condition("ContainersReady"), Condition("Ready")),
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = "example.invalid/app:1",
                        ["imageID"] = "",
                        ["ready"] = true,
                        ["started"] = true,
                        ["restartCount"] = 0,
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                    }),
                },
            };
            try
            {
                await pods.PatchStatusAsync(ns, pod.Metadata.Name!, patch, V1Patch.PatchType.MergePatch, ct);
                changed++;
            }
            catch (NotFoundException)
            {
                // Scaled away between list and patch: nothing to mark.
            }
        }

        return changed;
    }

    /// <summary>The workload's pods that are not being deleted.</summary>
    public async Task<IReadOnlyList<V1Pod>> PodsAsync(string app, CancellationToken ct) =>
        (await client.For(ResourceTypes.Pods).ListAsync(ns, new ListOptions { LabelSelector = $"app={app}" }, ct)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    public async Task<int> ReadyPodCountAsync(string app, CancellationToken ct) => (await PodsAsync(app, ct)).Count(IsReady);

    /// <summary>
    /// Node objects for the DaemonSet controller to place pods on (no kubelet runs, so the pods stay unscheduled and are
    /// deleted at once on a rollout, which is what lets the controller proceed).
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateNodesAsync(int count, CancellationToken ct)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"{ns}-node-{i}";
            var room = new Dictionary<string, ResourceQuantity> { ["pods"] = new("110"), ["cpu"] = new("4"), ["memory"] = new("8Gi") };
            await client.Client.CoreV1.CreateNodeAsync(
                new V1Node
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["test-namespace"] = ns } },

                    // What a kubelet reports: the controller places pods only on a node with room for them.
                    Status = new V1NodeStatus { Capacity = room, Allocatable = room, Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] },
                },
                cancellationToken: ct);

            // The API server taints a new node not-ready, and no node lifecycle controller runs here to lift it once the
            // node reports Ready; a DaemonSet does not tolerate that taint for scheduling.
            await client.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":null}}""", V1Patch.PatchType.MergePatch), name, cancellationToken: ct);
            names.Add(name);
        }

        return names;
    }

    public async Task DeleteNodesAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await client.Client.CoreV1.DeleteNodeAsync(name);
        }
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
