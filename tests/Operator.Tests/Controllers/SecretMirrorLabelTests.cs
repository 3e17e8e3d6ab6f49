using FluentAssertions;
using k8s.Models;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Controllers;

/// <summary>
/// What the mirror does with labels and annotations over time, against the real API server: it removes what it set and
/// the spec no longer names, and never what others set.
/// </summary>
public sealed class SecretMirrorLabelTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_label_or_annotation_removed_from_the_spec_is_removed_from_the_secret_and_foreign_ones_stay()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await bed.OwnerAsync("orders-db", new TargetSpec
        {
            Labels = new Dictionary<string, string> { ["team"] = "shop", ["tier"] = "db" },
            Annotations = new Dictionary<string, string> { ["example.com/note"] = "mirrored", ["example.com/owner"] = "ops" },
        }, ct);
        await bed.Mirror.ApplyAsync(owner, Value("v1"), ct);
        await bed.Secrets.UpdateAsync(bed.Ns, "orders-db", s =>
        {
            s.Metadata.Labels!["example.com/foreign"] = "kept";
            s.Metadata.Annotations!["example.com/foreign"] = "kept";
            return true;
        }, ct);

        owner.Spec = owner.Spec with
        {
            Target = new TargetSpec
            {
                Labels = new Dictionary<string, string> { ["team"] = "shop" },
                Annotations = new Dictionary<string, string> { ["example.com/note"] = "mirrored" },
            },
        };
        var changed = await bed.Mirror.ApplyAsync(owner, Value("v1"), ct);

        changed.Outcome.Should().Be(MirrorOutcome.Updated, "the data is the same, but two keys the operator set must go");
        var secret = await bed.GetAsync("orders-db", ct);
        secret.Metadata.Labels.Should().ContainKey("team").And.ContainKey("example.com/foreign").And.ContainKey(MirrorLabels.ManagedBy).And.NotContainKey("tier");
        secret.Metadata.Annotations.Should().ContainKey("example.com/note").And.ContainKey("example.com/foreign").And.NotContainKey("example.com/owner");
        (await bed.Mirror.ApplyAsync(owner, Value("v1"), ct)).Outcome.Should().Be(MirrorOutcome.Unchanged, "the removal is done once");

        owner.Spec = owner.Spec with { Target = new TargetSpec() };
        await bed.Mirror.ApplyAsync(owner, Value("v1"), ct);

        secret = await bed.GetAsync("orders-db", ct);
        secret.Metadata.Labels.Should().NotContainKey("team").And.ContainKey("example.com/foreign").And.ContainKey(MirrorLabels.ManagedBy);
        secret.Metadata.Annotations.Should().NotContainKey("example.com/note").And.NotContainKey(MirrorLabels.ManagedLabels).And.NotContainKey(MirrorLabels.ManagedAnnotations)
            .And.ContainKey("example.com/foreign").And.ContainKey(MirrorLabels.VersionId);
    }

    [Fact]
    public async Task An_adopted_secret_keeps_every_label_it_had()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        await bed.Secrets.CreateAsync(bed.Ns, new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "legacy", Labels = new Dictionary<string, string> { ["tier"] = "db", ["team"] = "old" } },
            StringData = new Dictionary<string, string> { ["password"] = "legacy-value" },
        }, ct);
        var owner = await bed.OwnerAsync("legacy", new TargetSpec { Adopt = true, Labels = new Dictionary<string, string> { ["team"] = "shop" } }, ct);

        await bed.Mirror.ApplyAsync(owner, Value("v1"), ct);

        var secret = await bed.GetAsync("legacy", ct);
        secret.Metadata.Labels.Should().Contain("tier", "db").And.Contain("team", "shop");
        secret.Metadata.Annotations.Should().Contain(MirrorLabels.ManagedLabels, "team");
    }

    private static SecretValue Value(string versionId) =>
        new() { Name = "shop/orders-db", VersionId = versionId, SecretString = """{"username":"app","password":"label-test-pa55"}""" };
}
