using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Api;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>When the API server refuses the Secret write, the resource says so in the API's words and nothing else moves.</summary>
public sealed class KubernetesRefusalTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_quota_that_refuses_the_secret_is_reported_as_KubernetesError_and_the_mirror_follows_once_it_is_lifted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-quota", ct);
        var secretId = await h.CreateAwsSecretAsync("db", """{"username":"app","password":"quota-password-123456"}""", ct);
        var quota = new V1ResourceQuota
        {
            Metadata = new V1ObjectMeta { Name = "no-secrets" },
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity> { ["secrets"] = new("0") } },
        };
        await h.Admin.Client.CoreV1.CreateNamespacedResourceQuotaAsync(quota, h.Namespace, cancellationToken: ct);
        await WaitForQuotaStatusAsync(h, ct);
        await h.StartAsync(ct);

        await h.CreateAsync("db", new RotatingSecretSpec { SecretId = secretId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);

        var refused = await h.WaitAsync("db", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.KubernetesError, TimeSpan.FromSeconds(60), "the refusal reported", ct);
        var ready = OperatorHarness.Condition(refused, ConditionTypes.Ready)!;
        ready.Status.Should().Be("False");
        ready.Message.Should().Contain("exceeded quota", "the API's own message says what to fix").And.NotContain("quota-password-123456");
        (await h.Secrets.GetAsync(h.Namespace, "db", ct)).Should().BeNull();
        refused.Status!.CurrentVersionId.Should().BeNull("nothing was mirrored");

        await h.Admin.Client.CoreV1.DeleteNamespacedResourceQuotaAsync("no-secrets", h.Namespace, cancellationToken: ct);
        await h.WaitAsync("db", OperatorHarness.IsReady, TimeSpan.FromSeconds(60), "mirrored once the quota is gone", ct);
        (await h.Secrets.GetAsync(h.Namespace, "db", ct)).Should().NotBeNull();
        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    // The quota admission refuses every request until the controller manager computed the quota's usage once.
    private static async Task WaitForQuotaStatusAsync(OperatorHarness h, CancellationToken ct) =>
        await Eventually.HoldsAsync(
            async () => (await h.Admin.Client.CoreV1.ReadNamespacedResourceQuotaAsync("no-secrets", h.Namespace, cancellationToken: ct)).Status?.Used?.ContainsKey("secrets") == true,
            TimeSpan.FromSeconds(30),
            "the quota's usage computed");
}
