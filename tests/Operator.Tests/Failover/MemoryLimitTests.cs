using System.Globalization;
using System.Security.Cryptography;
using FluentAssertions;
using Rotator.Operator.Controllers.Mirroring;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// Issue 8, VSO's OOM test: as many 1 MiB unrelated Secrets as the memory limit has MiB, in the watched
/// namespace. The operator process runs with a hard GC heap limit of that size; it must stay alive and
/// mirror its own Secrets, because it lists and watches only Secrets carrying its managed-by label. The
/// unrelated Secrets are created while it watches (an unfiltered watch would stream them all into a heap
/// too small for them), and the API server's audit log shows its lists carry the selector and that it
/// never read an unrelated Secret.
/// </summary>
[Collection(nameof(FailoverKubeCollection))]
public sealed class MemoryLimitTests(FailoverKube cluster, TestbedFixture testbed)
{
    private const int LimitMib = 64;
    private const int Managed = 3;

    [Fact]
    public async Task A_64_MiB_heap_survives_64_unrelated_1_MiB_Secrets_because_only_managed_Secrets_are_listed_and_watched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await FailoverBed.CreateAsync(cluster.Kube, testbed.Moto, "memory", ct);
        var names = Enumerable.Range(0, Managed).Select(i => $"managed-{i}").ToList();
        foreach (var name in names)
        {
            await bed.CreateRandomValueAsync(name, ct);
        }

        var limit = (LimitMib * 1024L * 1024L).ToString("x", CultureInfo.InvariantCulture);
        var process = bed.StartOperator("memory-0", ["--leader-elect", "false"], new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = limit });
        await RotatedAndMirroredAsync(bed, process, names, "first", ct);

        // Created while the operator watches: a watch of all Secrets would stream every one of them into its
        // cache (64 MiB of data in a 64 MiB heap); the list at start is covered by the audit log below.
        var secrets = bed.Admin.For(ResourceTypes.Secrets);
        for (var i = 0; i < LimitMib; i++)
        {
            // Just under 1 MiB of data each: the API server's limit for one Secret.
            await secrets.CreateAsync(bed.Namespace, new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = $"bulk-{i}" },
                Data = new Dictionary<string, byte[]> { ["blob"] = RandomNumberGenerator.GetBytes((1024 * 1024) - 1024) },
            }, ct);
        }

        await RotatedAndMirroredAsync(bed, process, names, "second", ct);
        // Several server-side watch timeouts (--min-request-timeout=5) and re-watches later, still alive.
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        process.HasExited.Should().BeFalse("the operator must not die under the heap limit:\n" + process.Tail());
        var peakKib = process.PeakRssKib();

        var requests = AuditLog.SecretRequests(cluster.AuditLogPath)
            .Where(r => r.Namespace == bed.Namespace || r.Namespace is null)
            .ToList();
        requests.Count(r => r.Verb == "create" && r.Name?.StartsWith("bulk-", StringComparison.Ordinal) == true)
            .Should().Be(LimitMib, "the audit log sees this namespace's Secret requests (else the checks below prove nothing)");
        var operatorRequests = requests.Where(r => r.User == cluster.Kube.UserName).ToList();
        // This API server (1.20) writes no audit event for watch requests, from any client; lists are there.
        var collection = operatorRequests.Where(r => r.Verb is "list" or "watch").ToList();
        collection.Should().Contain(r => r.Verb == "list");
        collection.Should().OnlyContain(r => r.LabelSelector == MirrorLabels.ManagedBySelector, "the operator lists (and watches) only the Secrets it manages");
        operatorRequests.Should().NotContain(r => r.Name != null && r.Name.StartsWith("bulk-", StringComparison.Ordinal), "no unrelated Secret is ever read");

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: {LimitMib} unrelated Secrets of 1 MiB, {Managed} managed, GC heap limit {LimitMib} MiB: alive, peak RSS (VmHWM) {peakKib / 1024.0:0.0} MiB; " +
            $"operator's Secret lists: {collection.Count}, all with labelSelector {MirrorLabels.ManagedBySelector}"));
    }

    /// <summary>Asks every resource for one rotation (rotate-now = <paramref name="request"/>) and waits until it is done and mirrored, the process alive throughout.</summary>
    private static async Task RotatedAndMirroredAsync(FailoverBed bed, OperatorProcess process, IReadOnlyList<string> names, string request, CancellationToken ct)
    {
        foreach (var name in names)
        {
            await bed.RequestRotationAsync(name, request, ct);
        }

        await Eventually.HoldsAsync(
            async () =>
            {
                process.HasExited.Should().BeFalse("the operator must not die under the heap limit:\n" + process.Tail());
                foreach (var name in names)
                {
                    var resource = await bed.RotatingSecrets.GetAsync(bed.Namespace, name, ct);
                    if (resource?.Status?.HandledRotateNow != request || await bed.DivergenceAsync(name, ct) is not null)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(120),
            $"every managed Secret rotated ({request}) and mirrored");
    }
}
