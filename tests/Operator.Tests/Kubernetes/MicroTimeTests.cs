using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>
/// MicroTime fields (Lease renewTime, Event eventTime) as the library writes them: a time on a whole second
/// goes out without a fraction, which the API server refuses; <see cref="MicroTime.Of"/> avoids it.
/// </summary>
public sealed class MicroTimeTests(TestbedFixture testbed)
{
    private static readonly DateTimeOffset WholeSecond = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_keeps_microseconds_and_never_lands_on_a_whole_second()
    {
        MicroTime.Of(WholeSecond).Should().Be(WholeSecond.UtcDateTime.AddTicks(10));
        MicroTime.Of(WholeSecond.AddTicks(1_234_567)).Should().Be(WholeSecond.UtcDateTime.AddTicks(1_234_560));
        KubernetesJson.Serialize(new V1LeaseSpec { RenewTime = MicroTime.Of(WholeSecond) }).Should().Contain("\"2030-01-01T12:00:00.000001Z\"");
        MicroTime.Format(WholeSecond).Should().Be("2030-01-01T12:00:00.000000Z");
    }

    [Fact]
    public async Task The_API_server_refuses_a_whole_second_as_the_library_writes_it_and_takes_MicroTime_Of_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = TestClients.Admin(testbed.Kube);
        var leases = admin.For(ResourceTypes.Leases);
        var name = TestClients.UniqueName("microtime");
        Lease(name, WholeSecond.UtcDateTime).Spec.RenewTime.Should().NotBeNull();

        var refused = () => leases.CreateAsync("default", Lease(name, WholeSecond.UtcDateTime), ct);
        (await refused.Should().ThrowAsync<KubernetesApiException>()).Which.Message.Should().Contain("cannot parse");

        try
        {
            var created = await leases.CreateAsync("default", Lease(name, MicroTime.Of(WholeSecond)), ct);
            created.Spec.RenewTime.Should().Be(MicroTime.Of(WholeSecond));
        }
        finally
        {
            await leases.DeleteAsync("default", name, CancellationToken.None);
        }
    }

    private static V1Lease Lease(string name, DateTime renewTime) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1LeaseSpec { HolderIdentity = "microtime-test", RenewTime = renewTime },
    };
}
