using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Api;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.RestartAndResumeTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// A consumer restart the API server refuses is owed, not forgotten: RolloutComplete says so and the operator tries
/// again until the restart goes through (before, nothing was recorded and RolloutComplete read "no restart needed").
/// </summary>
public sealed class RestartRefusedTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_refused_restart_is_reported_and_retried_until_it_goes_through()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateUngrantedAsync(testbed, testbed.Kube, "e2e-norestart", ct);
        var rbac = h.Admin.Client.RbacAuthorizationV1;

        // The repository's operator rules, except patch on workloads: what a cluster admin's trimmed Role does.
        await OperatorRbac.EnsureClusterRolesAsync(testbed.Kube, ct);
        var rules = (await rbac.ReadClusterRoleAsync("rotator-operator", cancellationToken: ct)).Rules
            .Select(r => r.Resources?.Contains("deployments") == true ? new V1PolicyRule { ApiGroups = r.ApiGroups, Resources = r.Resources, Verbs = [.. r.Verbs.Where(v => v != "patch")] } : r)
            .ToList();
        await rbac.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "trimmed" }, Rules = rules }, h.Namespace, cancellationToken: ct);
        await BindAsync(h, testbed.Kube, "Role", "trimmed", ct);
        await BindAsync(h, testbed.Kube, "ClusterRole", "rotator-leader-election", ct);

        var secretId = await h.CreateAwsSecretAsync("token", """{"apiKey":"first-api-key-0123456789"}""", ct);
        await CreateDeploymentAsync(h, "api", "token", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("token", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { Field = "apiKey" } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true },
        }, ct);
        await h.WaitAsync("token", OperatorHarness.IsReady, Within, "mirrored", ct);
        await RotateNowAsync(h, "token", "first", ct);

        var refused = await h.WaitAsync("token", r => OperatorHarness.Condition(r, ConditionTypes.RolloutComplete) is { Status: "False", Reason: StatusReasons.RestartFailed },
            Within, "the refused restart reported", ct);
        OperatorHarness.Condition(refused, ConditionTypes.RolloutComplete)!.Message.Should().Contain("Deployment/api").And.Contain("forbidden");
        refused.Status!.Restarts.Should().ContainSingle(r => r.Name == "api" && r.VersionId == refused.Status.CurrentVersionId && r.RestartedAt == null);

        // The cluster admin grants patch: the owed restart goes out on a following pass, with no new request.
        await rbac.CreateNamespacedRoleAsync(
            new V1Role { Metadata = new V1ObjectMeta { Name = "restart" }, Rules = [new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments"], Verbs = ["patch"] }] },
            h.Namespace,
            cancellationToken: ct);
        await BindAsync(h, testbed.Kube, "Role", "restart", ct);
        var restarted = await h.WaitAsync("token", r => r.Status?.Restarts?.Any(x => x.Name == "api" && x.VersionId == r.Status.CurrentVersionId && x.RestartedAt != null) == true,
            Within, "the owed restart retried", ct);
        (await TemplateAnnotationAsync(h, "api", ct)).Should().Be(restarted.Status!.CurrentVersionId);
        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "api", ct), Within, "rollout completes");
        await h.WaitAsync("token", r => OperatorHarness.Condition(r, ConditionTypes.RolloutComplete) is { Status: "True", Reason: StatusReasons.RolledOut }, Within, "rolled out", ct);
    }

    private static Task BindAsync(OperatorHarness h, KubeServer kube, string kind, string role, CancellationToken ct) =>
        h.Admin.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = role },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = kind, Name = role },
                Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = kube.UserName }],
            },
            h.Namespace,
            cancellationToken: ct);
}
