using System.Text;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Controllers;

/// <summary>
/// The mirror against the real API server and controller manager: owners are real RotatingSecrets
/// (the garbage collector deletes a dependent whose owner uid does not exist, so a made-up uid would
/// race the test), and each test has its own namespace.
/// </summary>
public sealed class SecretMirrorTests(TestbedFixture testbed)
{
    private const string Password = "pa55-w0rd/never-logged";

    [Fact]
    public async Task Creates_the_secret_and_writes_nothing_while_the_value_stays_the_same()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await bed.OwnerAsync("orders-db", new TargetSpec
        {
            Labels = new Dictionary<string, string> { ["team"] = "shop" },
            Annotations = new Dictionary<string, string> { ["example.com/note"] = "mirrored" },
        }, ct);

        var created = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);

        created.Outcome.Should().Be(MirrorOutcome.Created);
        created.SecretName.Should().Be("orders-db");
        created.Message.Should().NotContain(Password);
        var secret = await bed.GetAsync("orders-db", ct);
        Text(secret.Data).Should().BeEquivalentTo(new Dictionary<string, string> { ["username"] = "app", ["password"] = Password });
        secret.Type.Should().Be("Opaque");
        secret.Metadata.Labels.Should().Contain(MirrorLabels.ManagedBy, "rotator").And.Contain("team", "shop");
        secret.Metadata.Annotations.Should().Contain(MirrorLabels.VersionId, "v1").And.Contain("example.com/note", "mirrored");
        secret.Metadata.OwnerReferences.Should().Equal(new V1OwnerReference
        {
            ApiVersion = "rotator.io/v1alpha1",
            Kind = "RotatingSecret",
            Name = "orders-db",
            Uid = owner.Metadata.Uid!,
            Controller = true,
            BlockOwnerDeletion = false,
        });

        var again = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);
        again.Outcome.Should().Be(MirrorOutcome.Unchanged);
        again.ResourceVersion.Should().Be(created.ResourceVersion);
        (await bed.GetAsync("orders-db", ct)).Metadata.ResourceVersion.Should().Be(created.ResourceVersion, "an unchanged value is never written");
        SecretMirror.StateOf(owner, await bed.Mirror.ReadAsync(owner, firstPass: false, ct)).Should().Be(new MirrorState(true, true, "v1", created.ResourceVersion));

        var rotated = await bed.Mirror.ApplyAsync(owner, Json("v2", "rotated-" + Password), ct);
        rotated.Outcome.Should().Be(MirrorOutcome.Updated);
        rotated.Message.Should().Contain("v2").And.NotContain(Password);
        secret = await bed.GetAsync("orders-db", ct);
        Text(secret.Data)["password"].Should().Be("rotated-" + Password);
        secret.Metadata.Annotations.Should().Contain(MirrorLabels.VersionId, "v2");
    }

    [Fact]
    public async Task Repairs_a_hand_edit_of_the_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await MirroredAsync(bed, "orders-db", null, ct);
        await bed.Secrets.UpdateAsync(bed.Ns, "orders-db", s =>
        {
            s.Data!["password"] = Encoding.UTF8.GetBytes("typed-by-hand");
            s.Data["extra"] = Encoding.UTF8.GetBytes("x");
            return true;
        }, ct);

        var repaired = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);

        repaired.Outcome.Should().Be(MirrorOutcome.Updated);
        repaired.Message.Should().Contain("data").And.NotContain(Password).And.NotContain("typed-by-hand");
        Text((await bed.GetAsync("orders-db", ct)).Data).Should().BeEquivalentTo(new Dictionary<string, string> { ["username"] = "app", ["password"] = Password }, "the Secret mirrors AWS exactly: a key added by hand goes too");
    }

    [Fact]
    public async Task Repairs_label_annotation_and_owner_reference_drift_and_keeps_foreign_metadata()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await MirroredAsync(bed, "orders-db", new TargetSpec { Labels = new Dictionary<string, string> { ["team"] = "shop" } }, ct);
        await bed.Secrets.UpdateAsync(bed.Ns, "orders-db", s =>
        {
            s.Metadata.Labels![MirrorLabels.ManagedBy] = "helm";
            s.Metadata.Labels.Remove("team");
            s.Metadata.Labels["example.com/foreign"] = "kept";
            s.Metadata.Annotations![MirrorLabels.VersionId] = "v0";
            s.Metadata.OwnerReferences = [s.Metadata.OwnerReferences![0] with { BlockOwnerDeletion = true }];
            return true;
        }, ct);

        var repaired = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);

        repaired.Outcome.Should().Be(MirrorOutcome.Updated);
        repaired.Message.Should().Contain("labels").And.Contain("annotations").And.Contain("ownerReferences").And.NotContain("data");
        var secret = await bed.GetAsync("orders-db", ct);
        secret.Metadata.Labels.Should().Contain(MirrorLabels.ManagedBy, "rotator").And.Contain("team", "shop").And.Contain("example.com/foreign", "kept");
        secret.Metadata.Annotations.Should().Contain(MirrorLabels.VersionId, "v1");
        secret.Metadata.OwnerReferences.Should().ContainSingle().Which.BlockOwnerDeletion.Should().BeFalse();
        (await bed.Mirror.ApplyAsync(owner, Json("v1"), ct)).Outcome.Should().Be(MirrorOutcome.Unchanged);
    }

    [Fact]
    public async Task Leaves_a_secret_it_does_not_own_alone_and_takes_it_over_when_adopt_is_set()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var keeper = await bed.ConfigMaps.CreateAsync(bed.Ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "keeper" } }, ct);
        var theirs = await bed.Secrets.CreateAsync(bed.Ns, new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "orders-db",
                Labels = new Dictionary<string, string> { ["example.com/app"] = "orders" },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "keeper", Uid = keeper.Metadata.Uid!, Controller = true }],
            },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("theirs") },
        }, ct);
        var owner = await bed.OwnerAsync("orders-db", null, ct);

        var refused = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);

        refused.Outcome.Should().Be(MirrorOutcome.NotOwned);
        refused.Message.Should().Contain("adopt").And.Contain("ConfigMap/keeper").And.NotContain(Password);
        var untouched = await bed.GetAsync("orders-db", ct);
        untouched.Metadata.ResourceVersion.Should().Be(theirs.Metadata.ResourceVersion);
        Text(untouched.Data).Should().Equal(new Dictionary<string, string> { ["password"] = "theirs" });
        SecretMirror.StateOf(owner, await bed.Mirror.ReadAsync(owner, firstPass: false, ct)).Should().Be(new MirrorState(true, false, null, theirs.Metadata.ResourceVersion));

        owner.Spec = owner.Spec with { Target = new TargetSpec { Adopt = true } };
        var adopted = await bed.Mirror.ApplyAsync(owner, Json("v1"), ct);

        adopted.Outcome.Should().Be(MirrorOutcome.Updated);
        adopted.Message.Should().Contain("adopted");
        var secret = await bed.GetAsync("orders-db", ct);
        Text(secret.Data).Should().BeEquivalentTo(new Dictionary<string, string> { ["username"] = "app", ["password"] = Password });
        secret.Metadata.Labels.Should().Contain(MirrorLabels.ManagedBy, "rotator").And.Contain("example.com/app", "orders");
        secret.Metadata.OwnerReferences.Should().ContainSingle("the API server allows one controller; adopting replaces the previous one")
            .Which.Uid.Should().Be(owner.Metadata.Uid);
        SecretMirror.StateOf(owner, await bed.Mirror.ReadAsync(owner, firstPass: false, ct)).Owned.Should().BeTrue();
    }

    [Fact]
    public async Task Mirrors_a_plain_string_and_a_binary_value_whole_under_value()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var text = await bed.OwnerAsync("api-key", null, ct);
        var binary = await bed.OwnerAsync("keystore", null, ct);
        byte[] bytes = [0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28, 0x0a];

        await bed.Mirror.ApplyAsync(text, new SecretValue { Name = "shop/api-key", VersionId = "t1", SecretString = "not {json" }, ct);
        await bed.Mirror.ApplyAsync(binary, new SecretValue { Name = "shop/keystore", VersionId = "b1", SecretBinary = bytes }, ct);

        Text((await bed.GetAsync("api-key", ct)).Data).Should().Equal(new Dictionary<string, string> { ["value"] = "not {json" });
        var stored = (await bed.GetAsync("keystore", ct)).Data!;
        stored.Keys.Should().Equal("value");
        stored["value"].Should().Equal(bytes, "binary secrets are mirrored byte for byte");
        (await bed.Mirror.ApplyAsync(binary, new SecretValue { Name = "shop/keystore", VersionId = "b1", SecretBinary = bytes }, ct)).Outcome.Should().Be(MirrorOutcome.Unchanged);
    }

    [Fact]
    public async Task A_changed_type_is_refused_with_a_reason_and_the_secret_stays_as_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await MirroredAsync(bed, "orders-db", null, ct);
        var before = await bed.GetAsync("orders-db", ct);

        owner.Spec = owner.Spec with { Target = new TargetSpec { Type = "kubernetes.io/basic-auth" } };
        var change = () => bed.Mirror.ApplyAsync(owner, Json("v2", "a-newer-pa55"), ct);

        var refused = (await change.Should().ThrowAsync<MirrorException>()).Which;
        refused.Reason.Should().Be(StatusReasons.TargetTypeChange);
        refused.Message.Should().Contain("Opaque").And.Contain("kubernetes.io/basic-auth").And.NotContain("a-newer-pa55").And.NotContain(Password);
        var after = await bed.GetAsync("orders-db", ct);
        after.Metadata.Uid.Should().Be(before.Metadata.Uid, "the Secret was never deleted, so its consumers never lost it");
        after.Metadata.ResourceVersion.Should().Be(before.Metadata.ResourceVersion, "nothing was written");

        await bed.Secrets.DeleteAsync(bed.Ns, "orders-db", ct);
        (await bed.Mirror.ApplyAsync(owner, Json("v2"), ct)).Outcome.Should().Be(MirrorOutcome.Created, "once a person deleted it, it comes back with the new type");
        (await bed.GetAsync("orders-db", ct)).Type.Should().Be("kubernetes.io/basic-auth");
    }

    [Fact]
    public async Task Delete_policy_deletes_the_owned_secret_and_is_idempotent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var owner = await MirroredAsync(bed, "orders-db", null, ct);

        await bed.Mirror.ReleaseAsync(owner, DeletionPolicy.Delete, ct);
        await bed.Mirror.ReleaseAsync(owner, DeletionPolicy.Delete, ct);

        (await bed.Secrets.GetAsync(bed.Ns, "orders-db", ct)).Should().BeNull();
        SecretMirror.StateOf(owner, await bed.Mirror.ReadAsync(owner, firstPass: false, ct)).Should().Be(new MirrorState(false, false, null, null));
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    public async Task Retain_policy_lets_go_of_the_secret_so_garbage_collection_leaves_it(string propagation)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var retained = await MirroredAsync(bed, "retained", null, ct);
        await MirroredAsync(bed, "collected", null, ct);

        await bed.Mirror.ReleaseAsync(retained, DeletionPolicy.Retain, ct);
        var released = await bed.GetAsync("retained", ct);
        await bed.Mirror.ReleaseAsync(retained, DeletionPolicy.Retain, ct);

        released.Metadata.OwnerReferences.Should().BeNullOrEmpty();
        (released.Metadata.Labels ?? new Dictionary<string, string>()).Should().NotContainKey(MirrorLabels.ManagedBy, "nobody manages a retained Secret any more");
        released.Metadata.Annotations.Should().Contain(MirrorLabels.VersionId, "v1");
        (await bed.GetAsync("retained", ct)).Metadata.ResourceVersion.Should().Be(released.Metadata.ResourceVersion, "a second release finds nothing to do");

        // The collected Secret still carries its ownerReference: its disappearance proves the garbage
        // collector ran over this namespace, so the retained one surviving it means something.
        await bed.Owners.DeleteAsync(bed.Ns, "retained", ct, propagationPolicy: propagation);
        await bed.Owners.DeleteAsync(bed.Ns, "collected", ct, propagationPolicy: propagation);
        await Eventually.HoldsAsync(async () => await bed.Secrets.GetAsync(bed.Ns, "collected", ct) is null, TimeSpan.FromSeconds(90), "the owned Secret is garbage-collected");
        await Eventually.HoldsAsync(async () => await bed.Owners.GetAsync(bed.Ns, "retained", ct) is null, TimeSpan.FromSeconds(30), "the retained owner is gone");

        Text((await bed.GetAsync("retained", ct)).Data)["password"].Should().Be(Password);
    }

    [Fact]
    public async Task Release_never_touches_a_secret_it_does_not_own()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await MirrorBed.CreateAsync(testbed.Kube, ct);
        var unmanaged = await bed.Secrets.CreateAsync(bed.Ns, new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "unmanaged", Labels = new Dictionary<string, string> { [MirrorLabels.ManagedBy] = MirrorLabels.ManagedByValue } },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("theirs") },
        }, ct);
        var stranger = await bed.OwnerAsync("stranger", new TargetSpec { Name = "unmanaged" }, ct);
        var holder = await bed.OwnerAsync("holder", new TargetSpec { Name = "shared" }, ct);
        var other = await bed.OwnerAsync("other", new TargetSpec { Name = "shared" }, ct);
        var held = await bed.Mirror.ApplyAsync(holder, Json("v1"), ct);

        foreach (var policy in new[] { DeletionPolicy.Delete, DeletionPolicy.Retain })
        {
            await bed.Mirror.ReleaseAsync(stranger, policy, ct);
            await bed.Mirror.ReleaseAsync(other, policy, ct);
        }

        (await bed.GetAsync("unmanaged", ct)).Metadata.ResourceVersion.Should().Be(unmanaged.Metadata.ResourceVersion, "a managed-by label alone is not ownership");
        (await bed.GetAsync("shared", ct)).Metadata.ResourceVersion.Should().Be(held.ResourceVersion, "another RotatingSecret's Secret is not ours to release");
    }

    /// <summary>A RotatingSecret whose Secret has just been created at version v1.</summary>
    private static async Task<RotatingSecret> MirroredAsync(MirrorBed bed, string name, TargetSpec? target, CancellationToken ct)
    {
        var owner = await bed.OwnerAsync(name, target, ct);
        (await bed.Mirror.ApplyAsync(owner, Json("v1"), ct)).Outcome.Should().Be(MirrorOutcome.Created);
        return owner;
    }

    private static SecretValue Json(string versionId, string password = Password) =>
        new() { Name = "shop/orders-db", VersionId = versionId, SecretString = $$"""{"username":"app","password":"{{password}}"}""" };

    private static Dictionary<string, string> Text(IDictionary<string, byte[]>? data) =>
        (data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(p.Value));
}
