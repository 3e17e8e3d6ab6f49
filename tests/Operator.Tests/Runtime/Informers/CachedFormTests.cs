using FluentAssertions;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Informers;

/// <summary>
/// What an informer caches costs memory per object for as long as the operator runs: strings that repeat
/// from object to object are held once, and nothing a reader needs is lost on the way.
/// </summary>
public sealed class CachedFormTests(TestbedFixture testbed)
{
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);

    [Fact]
    public async Task Cached_objects_share_their_repeating_metadata_strings_and_keep_every_value()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("cached-form");
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        try
        {
            foreach (var (name, version) in new[] { ("first", "v-1"), ("second", "v-2") })
            {
                await admin.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = name,
                        Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "rotator", ["team"] = "shop" },
                        Annotations = new Dictionary<string, string> { ["rotator.io/version-id"] = version },
                    },
                    Data = new Dictionary<string, string> { ["k"] = name },
                }, ct);
            }

            var informer = new Informer<V1ConfigMap>(admin.For(ConfigMaps), new InformerOptions { Namespace = ns }, TimeProvider.System, new TestOutputLogger("informer"));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = informer.RunAsync(stop.Token);
            await informer.WaitForSyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            var first = informer.Store.Get(ns, "first")!;
            var second = informer.Store.Get(ns, "second")!;
            await stop.CancelAsync();
            await run;

            first.Metadata.Labels.Should().Equal(new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "rotator", ["team"] = "shop" });
            second.Metadata.Annotations.Should().Equal(new Dictionary<string, string> { ["rotator.io/version-id"] = "v-2" });
            first.Data.Should().Equal(new Dictionary<string, string> { ["k"] = "first" });
            first.Metadata.ManagedFields.Should().BeNull();
            SameInstance(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty).Should().BeTrue("the namespace is held once");
            SameInstance(KeyOf(first.Metadata.Labels, "team"), KeyOf(second.Metadata.Labels, "team")).Should().BeTrue("label keys are held once");
            SameInstance(first.Metadata.Labels["team"], second.Metadata.Labels["team"]).Should().BeTrue("label values are held once");
            SameInstance(KeyOf(first.Metadata.Annotations, "rotator.io/version-id"), KeyOf(second.Metadata.Annotations, "rotator.io/version-id")).Should().BeTrue("annotation keys are held once");
        }
        finally
        {
            await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        }
    }

    [Fact]
    public void The_pool_is_bounded_and_hands_back_values_past_its_capacity_unchanged()
    {
        var pool = new StringPool(capacity: 2);
        var a = pool.Intern(new string('a', 3));
        pool.Intern(new string('b', 3));
        var c = new string('c', 3);

        pool.Intern(c).Should().BeSameAs(c);
        pool.Count.Should().Be(2);
        pool.Intern(new string('a', 3)).Should().BeSameAs(a);
        pool.Intern((string?)null).Should().BeNull();
    }

    [Fact]
    public void A_cached_RotatingSecret_shares_its_condition_constants_and_keeps_its_messages()
    {
        var pool = new StringPool();
        RotatingSecret Resource(string message) => new()
        {
            Metadata = new V1ObjectMeta { Name = "r", NamespaceProperty = "ns" },
            Spec = new RotatingSecretSpec { SecretId = "s" },
            Status = new RotatingSecretStatus
            {
                CurrentVersionId = "v1",
                Conditions = [new Condition { Type = new string("Ready".AsSpan()), Status = new string("True".AsSpan()), Reason = new string("Mirrored".AsSpan()), Message = message, LastTransitionTime = DateTimeOffset.UnixEpoch }],
            },
        };
        var one = Resource("Secret one holds version v1");
        var two = Resource("Secret two holds version v1");

        new RotatingSecretCompactor().Compact(one, pool);
        new RotatingSecretCompactor().Compact(two, pool);

        var (a, b) = (one.Status!.Conditions!.Single(), two.Status!.Conditions!.Single());
        a.Should().BeEquivalentTo(new Condition { Type = "Ready", Status = "True", Reason = "Mirrored", Message = "Secret one holds version v1", LastTransitionTime = DateTimeOffset.UnixEpoch });
        SameInstance(a.Type, b.Type).Should().BeTrue();
        SameInstance(a.Reason, b.Reason).Should().BeTrue();
        b.Message.Should().Be("Secret two holds version v1");
        one.Status.CurrentVersionId.Should().Be("v1", "only conditions are touched");
    }

    [Fact]
    public void A_cached_managed_Secret_shares_its_type_and_data_keys_and_keeps_its_data()
    {
        var pool = new StringPool();
        V1Secret Secret(string password) => new()
        {
            Type = new string("Opaque".AsSpan()),
            Data = new Dictionary<string, byte[]> { [new string("password".AsSpan())] = System.Text.Encoding.UTF8.GetBytes(password) },
        };
        var one = Secret("first-value");
        var two = Secret("second-value");

        new ManagedSecretCompactor().Compact(one, pool);
        new ManagedSecretCompactor().Compact(two, pool);

        SameInstance(one.Type, two.Type).Should().BeTrue();
        SameInstance(KeyOf(one.Data), KeyOf(two.Data)).Should().BeTrue();
        System.Text.Encoding.UTF8.GetString(two.Data["password"]).Should().Be("second-value");
    }

    private static string KeyOf(IDictionary<string, byte[]> map) => map.Keys.Single();

    private static bool SameInstance(string? a, string? b) => a is not null && ReferenceEquals(a, b);

    private static string KeyOf(IDictionary<string, string> map, string key) => map.Keys.Single(k => k == key);
}
