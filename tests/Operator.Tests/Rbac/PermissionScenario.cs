using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Hosting;
using Rotator.Operator.Kubernetes.Workloads;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Tests.Controllers.Restarts;
using Rotator.Operator.Tests.EndToEnd;

namespace Rotator.Operator.Tests.Rbac;

/// <summary>
/// Everything the operator needs a permission for, once, as a user would trigger it: a RandomValue RotatingSecret
/// rotated on create and mirrored (Secret create, status, events, finalizer), rotated again on request so that its
/// Deployment, StatefulSet and DaemonSet consumers are discovered, restarted and followed to the end of their rollout, a user's label edit racing the status
/// write (the re-read after a conflict), two hand edits of the Secret repaired (replace; the repeated event folds into
/// a series), then the resource deleted with <c>deletionPolicy: Delete</c>, and the operator stopped (Lease released).
/// </summary>
internal sealed class PermissionScenario(OperatorHarness h)
{
    private const string Name = "api";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static readonly (WorkloadKind Kind, string Name)[] Consumers =
        [(WorkloadKind.Deployment, "web"), (WorkloadKind.StatefulSet, "cache"), (WorkloadKind.DaemonSet, "agent")];

    private int labelEdits;

    /// <summary>Runs the scenario with the operator started by <paramref name="start"/> (which gets the hook to register).</summary>
    public async Task RunAsync(Func<Action<IServiceCollection>, Task> start, CancellationToken ct)
    {
        var workloads = new TestWorkloads(h.Admin, h.Namespace);
        var reads = TestWorkloads.PodSpec(new JsonObject { ["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = Name } }) });
        foreach (var (kind, name) in Consumers)
        {
            await workloads.CreateAsync(kind, name, reads.DeepClone().AsObject(), ct);
        }

        var secretId = await h.CreateAwsSecretAsync(Name, """{"apiKey":"initial-key-0123456789","owner":"team-a"}""", ct);
        // A user labels the resource while its first rotation runs: the status write meets a 409 and re-reads.
        var hook = new SetSecretHook(EditLabelOnceAsync);
        await start(services =>
        {
            hook.Register(services);
            FastSeries(services);
        });
        await h.CreateAsync(Name, new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } },
            Target = new TargetSpec { DeletionPolicy = DeletionPolicy.Delete },
            Restart = new RestartSpec { Discover = true, WaitForRollout = true },
            RefreshInterval = "10s",
        }, ct);
        var rotated = await h.WaitAsync(Name, r => OperatorHarness.IsReady(r) && r.Status?.LastRotationTime is not null, Within, "rotated and mirrored", ct);
        if (labelEdits != 1)
        {
            throw new InvalidOperationException("the label edit during setSecret did not run");
        }

        // The first version reached no running pod (the Secret did not exist): a second rotation restarts the consumers.
        var now = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = "second" } } };
        await h.RotatingSecrets.PatchAsync(h.Namespace, Name, now, V1Patch.PatchType.MergePatch, ct);
        var second = await h.WaitAsync(Name, r => r.Status?.HandledRotateNow == "second" && r.Status.CurrentVersionId != rotated.Status!.CurrentVersionId,
            Within, "rotated again on request", ct);
        await RollOutAsync(workloads, second.Status!.CurrentVersionId!, ct);
        await RepairHandEditAsync(ct);
        await RepairHandEditAsync(ct);

        await h.RotatingSecrets.DeleteAsync(h.Namespace, Name, ct);
        await Eventually.HoldsAsync(
            async () => await h.RotatingSecrets.GetAsync(h.Namespace, Name, ct) is null && await h.Secrets.GetAsync(h.Namespace, Name, ct) is null,
            Within, "the finalizer deleted the Secret (deletionPolicy Delete) and let the RotatingSecret go");
        await Eventually.HoldsAsync(
            async () => (await h.EventsAsync(ct)).Any(e => e.Reason == StatusReasons.SecretUpdated && e.Series is not null),
            TimeSpan.FromSeconds(15), "the repeated SecretUpdated event is written as a series");
        await h.StopAsync();
    }

    /// <summary>The operator's event recorder with series written every second instead of every 30 s, so the scenario need not wait.</summary>
    private static void FastSeries(IServiceCollection services) =>
        services.AddSingleton(provider => new EventRecorder(
            provider.GetRequiredKeyedService<KubernetesApi>(OperatorServiceCollectionExtensions.EventsClient).For(ResourceTypes.Events),
            new EventRecorderOptions { ReportingInstance = provider.GetRequiredService<OperatorOptions>().Identity, SeriesUpdateInterval = TimeSpan.FromSeconds(1) },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<EventRecorder>>()));

    private async Task EditLabelOnceAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref labelEdits) == 1)
        {
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "a" } } };
            await h.RotatingSecrets.PatchAsync(h.Namespace, Name, patch, V1Patch.PatchType.MergePatch, ct);
        }
    }

    /// <summary>Plays the kubelet for the consumers' new pods until the operator reports every rollout complete.</summary>
    private async Task RollOutAsync(TestWorkloads workloads, string version, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Within;
        RotatingSecret? resource = null;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (_, name) in Consumers)
            {
                await workloads.MarkPodsReadyAsync(name, ct);
            }

            resource = await h.RotatingSecrets.GetAsync(h.Namespace, Name, ct);
            var restarts = resource?.Status?.Restarts ?? [];
            if (Consumers.All(c => restarts.Any(r => r.Kind == c.Kind && r.Name == c.Name && r.VersionId == version && r.RolledOut == true)))
            {
                return;
            }

            await Task.Delay(500, ct);
        }

        throw new TimeoutException($"the Deployment, StatefulSet and DaemonSet were not restarted for {version} and rolled out within {Within}; status: " +
            System.Text.Json.JsonSerializer.Serialize(resource?.Status ?? new RotatingSecretStatus(), ResourcesJsonContext.Default.RotatingSecretStatus));
    }

    private async Task RepairHandEditAsync(CancellationToken ct)
    {
        var secret = (await h.Secrets.GetAsync(h.Namespace, Name, ct))!;
        var mirrored = secret.Data!["apiKey"];
        secret.Data["apiKey"] = Encoding.UTF8.GetBytes("hand-edited");
        await h.Secrets.ReplaceAsync(h.Namespace, secret, ct);
        await Eventually.HoldsAsync(
            async () => (await h.Secrets.GetAsync(h.Namespace, Name, ct))!.Data!["apiKey"].SequenceEqual(mirrored),
            Within, "the hand edit repaired");
    }
}
