using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Tests.Aws.DirectoryService;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Aws.Clients;

/// <summary>
/// The client manager against moto (Secrets Manager, STS) and the Directory Service stand-in: which resources share
/// clients, that a role is assumed per resource and dropped with it, and that both services' calls go through the
/// one transport and its observer.
/// </summary>
public sealed class AwsClientsTests(TestbedFixture testbed) : IAsyncDisposable
{
    private const string OtherAccount = "111122223333";
    private const string Role = $"arn:aws:iam::{OtherAccount}:role/rotator-tenant";

    private readonly HttpClient http = new();
    private readonly InMemoryAwsCallObserver observer = new();
    private readonly DirectoryServiceStandIn standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap)]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Resources_without_a_role_share_the_clients_of_their_region()
    {
        using var clients = Clients(defaultRegion: MotoAws.Region);
        var a = new AwsScope(null, null, "team-a", "db");
        var b = new AwsScope(MotoAws.Region, null, "team-b", "api");
        var elsewhere = new AwsScope("eu-west-1", null, "team-a", "db");

        clients.SecretsManager(a).Should().BeSameAs(clients.SecretsManager(b), "the default region is the same region");
        clients.DirectoryService(a).Should().BeSameAs(clients.DirectoryService(b));
        clients.Catalog(a).Should().BeSameAs(clients.Catalog(b));
        clients.SecretsManager(elsewhere).Should().NotBeSameAs(clients.SecretsManager(a));
    }

    [Fact]
    public async Task A_role_is_assumed_for_each_resource_and_forgotten_with_it()
    {
        using var clients = Clients(defaultRegion: MotoAws.Region);
        var tenant = new AwsScope(null, Role, "team-a", "db");
        var other = new AwsScope(null, Role, "team-b", "db");
        var shared = new AwsScope(null, null, "team-a", "db");
        var secrets = clients.SecretsManager(tenant);

        var created = await secrets.CreateSecretAsync(new CreateSecretOptions(MotoAws.NewName("clients/role")) { Value = SecretPayload.FromString("v") }, Ct);

        created.Arn.Should().Contain($":{OtherAccount}:secret:", "moto files the secret under the account of the role that signed");
        clients.SecretsManager(other).Should().NotBeSameAs(secrets, "session tags name the resource, so each has its own session");
        clients.SecretsManager(shared).Should().NotBeSameAs(secrets);
        var kept = clients.SecretsManager(other);
        var sharedBefore = clients.SecretsManager(shared);

        clients.Forget("team-a", "db");

        clients.SecretsManager(tenant).Should().NotBeSameAs(secrets, "a forgotten resource's clients and role are built anew");
        clients.SecretsManager(other).Should().BeSameAs(kept);
        clients.SecretsManager(shared).Should().BeSameAs(sharedBefore, "the operator's own clients are shared, never forgotten");
        observer.Count("AssumeRole", AwsCallOutcomes.Success).Should().Be(1);
    }

    [Fact]
    public async Task Secrets_Manager_and_Directory_Service_calls_go_through_the_one_transport()
    {
        using var clients = Clients(defaultRegion: MotoAws.Region);
        var scope = new AwsScope(null, null, "team-a", "ds");

        await clients.SecretsManager(scope).CreateSecretAsync(new CreateSecretOptions(MotoAws.NewName("clients/ds")) { Value = SecretPayload.FromString("v") }, Ct);
        var directories = await clients.DirectoryService(scope).DescribeDirectoriesAsync([], Ct);

        directories.Should().ContainSingle();
        observer.Observations.Select(o => (o.Service, o.Operation, o.Outcome))
            .Should().Equal(("secretsmanager", "CreateSecret", AwsCallOutcomes.Success), ("ds", "DescribeDirectories", AwsCallOutcomes.Success));
    }

    [Fact]
    public void Without_any_region_every_client_is_refused_with_a_typed_exception()
    {
        using var clients = Clients(defaultRegion: null, environmentRegion: null);
        var scope = new AwsScope(null, null, "team-a", "db");

        ((Action)(() => clients.SecretsManager(scope))).Should().ThrowExactly<MissingRegionException>();
        ((Action)(() => clients.DirectoryService(scope))).Should().ThrowExactly<MissingRegionException>();
        ((Action)(() => clients.Catalog(scope))).Should().ThrowExactly<MissingRegionException>();
        clients.SecretsManager(scope with { Region = MotoAws.Region }).Should().NotBeNull("a region on the resource is enough");
    }

    public async ValueTask DisposeAsync()
    {
        await standIn.DisposeAsync();
        http.Dispose();
    }

    /// <summary>
    /// Clients whose endpoints are moto for Secrets Manager and STS and the stand-in for Directory Service; they sign
    /// with the stand-in's keys, which moto takes as well. <paramref name="environmentRegion"/> stands for AWS_REGION.
    /// </summary>
    private AwsClients Clients(string? defaultRegion, string? environmentRegion = MotoAws.Region) => new(
        new AwsTransport(http, MotoAws.Options, observer: observer),
        StandInAws.Credentials(standIn),
        region => new AwsEndpointSettings
        {
            Region = region ?? environmentRegion,
            EndpointUrl = testbed.Moto.Url,
            ServiceEndpointUrls = new Dictionary<AwsService, Uri> { [AwsService.DirectoryService] = standIn.Endpoint },
        },
        defaultRegion,
        TimeProvider.System);
}
