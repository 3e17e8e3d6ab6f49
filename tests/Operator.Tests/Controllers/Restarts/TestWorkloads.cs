using System.Globalization;
using System.Text.Json.Nodes;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Tests.Controllers.Restarts;

/// <summary>
/// Creates workloads in a test bed namespace and plays the kubelet (and, where the test bed runs no
/// controller, the workload controller) by writing status the way they would.
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

    /// <summary>The test bed runs no statefulset or daemonset controller; this writes the status one would after a finished rollout.</summary>
    public async Task PlayControllerAsync(WorkloadKind kind, string name, JsonObject status, CancellationToken ct)
    {
        var current = await GetAsync(kind, name, ct);
        status["observedGeneration"] = current.Metadata.Generation;
        var patch = new JsonObject { ["status"] = status };
        if (kind == WorkloadKind.StatefulSet)
        {
            await client.For(ResourceTypes.StatefulSets).PatchStatusAsync(ns, name, patch, V1Patch.PatchType.MergePatch, ct);
        }
        else
        {
            await client.For(ResourceTypes.DaemonSets).PatchStatusAsync(ns, name, patch, V1Patch.PatchType.MergePatch, ct);
        }
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
