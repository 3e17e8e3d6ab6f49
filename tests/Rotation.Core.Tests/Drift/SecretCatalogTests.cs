using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Drift;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Drift;

/// <summary>
/// The ListSecrets catalog against moto. Each test works in a region of its own, so the secrets other
/// tests leave in moto's default region do not count against the listing's page budget.
/// </summary>
public sealed class SecretCatalogTests(TestbedFixture testbed) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly HttpClient http = new();
    private readonly InMemoryAwsCallObserver observer = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task One_listing_per_interval_answers_for_every_secret_asked_about_with_its_AWSCURRENT()
    {
        var aws = Client("eu-north-1");
        var names = await CreateSecretsAsync(aws, 150);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);

        // 150 secrets are two pages, unless an earlier run against the same moto left some in this region.
        var pages = await PagesAsync(aws);
        var before = observer.Count("ListSecrets");

        // First window: below the minimum nothing is listed, so callers describe.
        foreach (var name in names.Take(9))
        {
            (await catalog.LookupAsync(name, Interval, Ct)).Should().BeNull();
        }

        observer.Count("ListSecrets").Should().Be(before);

        // The tenth distinct secret makes a listing pay: 150 secrets are two pages, ten describes would be ten calls.
        // The caller does not wait for it: it describes this time.
        (await catalog.LookupAsync(names[9], Interval, Ct)).Should().BeNull();
        await catalog.PendingListing;
        observer.Count("ListSecrets").Should().Be(before + pages);
        (await catalog.LookupAsync(names[9], Interval, Ct)).Should().NotBeNull();

        // Next window, every secret is noted (their resources' first passes describe anyway): one more listing, every answer right.
        foreach (var name in names)
        {
            catalog.Note(name);
        }

        clock.Advance(Interval + TimeSpan.FromSeconds(1));
        await Task.WhenAll(names.Select(name => catalog.LookupAsync(name, Interval, Ct)));
        await catalog.PendingListing;
        observer.Count("ListSecrets").Should().Be(before + (2 * pages), "all 150 concurrent callers share one listing");
        var answers = await Task.WhenAll(names.Select(name => catalog.LookupAsync(name, Interval, Ct)));
        for (var i = 0; i < names.Count; i++)
        {
            var described = await aws.DescribeSecretAsync(names[i], Ct);
            answers[i].Should().NotBeNull();
            answers[i]!.Name.Should().Be(names[i]);
            Current(answers[i]!).Should().Be(Current(described));
        }

        // Looked up by ARN as well as by name.
        var arn = (await aws.DescribeSecretAsync(names[0], Ct)).Arn;
        await catalog.LookupAsync(arn, Interval, Ct);
        clock.Advance(Interval + TimeSpan.FromSeconds(1));
        await catalog.LookupAsync(arn, Interval, Ct);
        await catalog.PendingListing;
        (await catalog.LookupAsync(arn, Interval, Ct))!.Name.Should().Be(names[0]);
    }

    [Fact]
    public async Task Secrets_noted_before_the_first_listing_are_all_in_it()
    {
        var aws = Client("af-south-1");
        var names = await CreateSecretsAsync(aws, 30);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);
        foreach (var name in names)
        {
            catalog.Note(name);
        }

        catalog.Listings.Should().Be(0, "noting asks nothing of AWS");
        (await catalog.LookupAsync(names[0], Interval, Ct)).Should().BeNull("the listing it starts is not waited for");
        await catalog.PendingListing;

        foreach (var name in names)
        {
            (await catalog.LookupAsync(name, Interval, Ct)).Should().NotBeNull(name);
        }

        catalog.Listings.Should().Be(1);
    }

    [Fact]
    public async Task A_primed_start_lists_once_and_the_lookups_of_its_secrets_wait_for_that_listing_instead_of_describing()
    {
        var aws = Client("ca-west-1");
        var names = await CreateSecretsAsync(aws, 30);
        var pages = await PagesAsync(aws);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);
        var before = observer.Count("ListSecrets");

        // A restart over 30 mirrored resources: every first pass asks at once, while the listing runs.
        catalog.Prime(names);
        var answers = await Task.WhenAll(names.Select(name => catalog.LookupAsync(name, Interval, Ct)));

        answers.Should().OnlyContain(a => a != null, "each lookup waited for the listing instead of leaving its caller to describe");
        answers.Select(a => a!.Name).Should().Equal(names);
        catalog.Listings.Should().Be(1);
        observer.Count("ListSecrets").Should().Be(before + pages, "one listing served all 30");

        // Once it ended, nothing waits: a secret nobody primed is left to DescribeSecret at once.
        (await catalog.LookupAsync("catalog/not-primed", Interval, Ct)).Should().BeNull();
    }

    [Fact]
    public async Task Secrets_primed_while_a_primed_listing_runs_are_listed_right_after_it_and_wait_for_that_one()
    {
        var aws = Client("ap-southeast-5");
        var first = await CreateSecretsAsync(aws, 15);
        var second = await CreateSecretsAsync(aws, 15);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);

        // Two namespaces' controllers start a moment apart: the second primes while the first one's listing runs.
        catalog.Prime(first);
        catalog.Prime(second);
        var answers = await Task.WhenAll(first.Concat(second).Select(name => catalog.LookupAsync(name, Interval, Ct)));

        answers.Should().OnlyContain(a => a != null, "every first pass was answered by a listing, none left to describe");
        catalog.Listings.Should().Be(2, "the second namespace's secrets were listed once, right after the first listing");
    }

    [Fact]
    public async Task A_primed_listing_that_hangs_holds_its_lookups_no_longer_than_the_primed_wait_and_holds_nobody_else()
    {
        // Accepts connections and never answers: the listing hangs for its attempt timeout.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var hanging = new SecretsManagerClient(
            new AwsJsonClient(http, new StaticAwsCredentialSource(MotoAws.Credentials), MotoAws.Options with { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromMinutes(5) }, null, observer),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = new Uri($"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}") }));
        var wait = TimeSpan.FromSeconds(30);
        var catalog = new SecretCatalog(hanging, new SecretCatalogOptions { PrimedWait = wait }, clock);
        var names = Enumerable.Range(0, 10).Select(i => $"silent/{i}").ToList();

        catalog.Prime(names);
        var waiting = catalog.LookupAsync(names[0], Interval, Ct);
        (await catalog.LookupAsync("silent/not-primed", Interval, Ct)).Should().BeNull("a secret the listing was not started for never waits");
        await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
        waiting.IsCompleted.Should().BeFalse("a primed secret waits for the listing");

        clock.Advance(wait);
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Should().BeNull("after the primed wait its caller describes");
        catalog.Listings.Should().Be(0);
    }

    [Fact]
    public async Task Misses_in_a_fresh_listing_list_again_once_they_cost_more_than_it_and_the_bar_doubles()
    {
        var aws = Client("ap-southeast-3");
        var names = await CreateSecretsAsync(aws, 40);
        var ghost = "does-not-exist/" + Guid.NewGuid().ToString("N");
        var pages = await PagesAsync(aws);
        var before = observer.Count("ListSecrets");
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);
        foreach (var name in names.Take(9).Append(ghost))
        {
            await catalog.LookupAsync(name, Interval, Ct);
        }

        await catalog.PendingListing;
        catalog.Listings.Should().Be(1);

        // Asked for but not shown (another account's ARN, a deleted secret): it describes every time, and
        // never forces a listing, since another one would not show it either.
        for (var i = 0; i < 30; i++)
        {
            (await catalog.LookupAsync(ghost, Interval, Ct)).Should().BeNull();
        }

        await catalog.PendingListing;
        catalog.Listings.Should().Be(1);

        // Ten secrets the listing was not taken for: each describes, and the tenth miss (as many as the
        // listing was taken for) starts another listing without waiting for the interval to pass.
        foreach (var name in names.Skip(9).Take(10))
        {
            (await catalog.LookupAsync(name, Interval, Ct)).Should().BeNull();
        }

        await catalog.PendingListing;
        catalog.Listings.Should().Be(2);
        foreach (var name in names.Take(19))
        {
            (await catalog.LookupAsync(name, Interval, Ct)).Should().NotBeNull(name);
        }

        // That listing was taken for twenty, so ten more misses are not yet worth another.
        foreach (var name in names.Skip(19).Take(10))
        {
            (await catalog.LookupAsync(name, Interval, Ct)).Should().BeNull();
        }

        await catalog.PendingListing;
        catalog.Listings.Should().Be(2);
        observer.Count("ListSecrets").Should().Be(before + (2 * pages));
    }

    [Fact]
    public async Task A_change_made_elsewhere_shows_in_the_next_listing_and_not_before()
    {
        var aws = Client("eu-south-1");
        var names = await CreateSecretsAsync(aws, 12);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);
        foreach (var name in names)
        {
            await catalog.LookupAsync(name, Interval, Ct);
        }

        await catalog.PendingListing;
        clock.Advance(Interval + TimeSpan.FromSeconds(1));
        await catalog.LookupAsync(names[3], Interval, Ct);
        await catalog.PendingListing;
        var before = Current((await catalog.LookupAsync(names[3], Interval, Ct))!);

        var put = await aws.PutSecretValueAsync(names[3], SecretPayload.FromString(Guid.NewGuid().ToString("N")), null, Guid.NewGuid().ToString(), Ct);

        Current((await catalog.LookupAsync(names[3], Interval, Ct))!).Should().Be(before, "the listing is younger than the interval");
        clock.Advance(Interval + TimeSpan.FromSeconds(1));
        Current((await catalog.LookupAsync(names[3], Interval, Ct))!).Should().Be(before, "while the next listing runs, the last one answers");
        await catalog.PendingListing;
        Current((await catalog.LookupAsync(names[3], Interval, Ct))!).Should().Be(put.VersionId);
    }

    [Fact]
    public async Task A_listing_that_costs_more_pages_than_describing_is_abandoned_and_not_retried_until_demand_doubles()
    {
        var aws = Client("ap-south-2");
        var names = await CreateSecretsAsync(aws, 30);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions { MinimumSecrets = 2, PageSize = 5 }, clock);

        // Two secrets asked about: a listing may take two pages, but the account needs six.
        (await catalog.LookupAsync(names[0], Interval, Ct)).Should().BeNull();
        (await catalog.LookupAsync(names[1], Interval, Ct)).Should().BeNull();
        await catalog.PendingListing;
        observer.Count("ListSecrets").Should().Be(2);

        // The same two again, window after window: describing them stays cheaper, so nothing is listed.
        for (var window = 0; window < 3; window++)
        {
            clock.Advance(Interval + TimeSpan.FromSeconds(1));
            (await catalog.LookupAsync(names[0], Interval, Ct)).Should().BeNull();
            (await catalog.LookupAsync(names[1], Interval, Ct)).Should().BeNull();
        }

        observer.Count("ListSecrets").Should().Be(2);

        // Demand grows to every secret: six pages for thirty secrets pays, and the answers come back.
        SecretDescription? answer = null;
        for (var window = 0; window < 5 && answer is null; window++)
        {
            foreach (var name in names)
            {
                await catalog.LookupAsync(name, Interval, Ct);
                await catalog.PendingListing;
            }

            clock.Advance(Interval + TimeSpan.FromSeconds(1));
            await catalog.LookupAsync(names[29], Interval, Ct);
            await catalog.PendingListing;
            answer = await catalog.LookupAsync(names[29], Interval, Ct);
        }

        answer.Should().NotBeNull();
        catalog.Listings.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_secret_not_in_the_listing_is_left_to_DescribeSecret()
    {
        var aws = Client("me-central-1");
        var names = await CreateSecretsAsync(aws, 10);
        var catalog = new SecretCatalog(aws, new SecretCatalogOptions(), clock);
        foreach (var name in names)
        {
            await catalog.LookupAsync(name, Interval, Ct);
        }

        await catalog.PendingListing;
        (await catalog.LookupAsync("does-not-exist/" + Guid.NewGuid().ToString("N"), Interval, Ct)).Should().BeNull();
        (await catalog.LookupAsync(names[0], Interval, Ct)).Should().NotBeNull();
    }

    [Fact]
    public async Task An_unreachable_service_pauses_listing_and_callers_describe()
    {
        var dead = new SecretsManagerClient(
            new AwsJsonClient(http, new StaticAwsCredentialSource(MotoAws.Credentials), MotoAws.Options with { MaxAttempts = 1 }, null, observer),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = new Uri($"http://127.0.0.1:{ClosedPort()}") }));
        var catalog = new SecretCatalog(dead, new SecretCatalogOptions { MinimumSecrets = 1 }, clock);

        (await catalog.LookupAsync("any", Interval, Ct)).Should().BeNull();
        await catalog.PendingListing;
        (await catalog.LookupAsync("any", Interval, Ct)).Should().BeNull();
        await catalog.PendingListing;
        observer.Count("ListSecrets").Should().Be(1, "a failed listing is not retried for a minute");
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await catalog.LookupAsync("any", Interval, Ct)).Should().BeNull();
        await catalog.PendingListing;
        observer.Count("ListSecrets").Should().Be(2);
    }

    private static async Task<int> PagesAsync(ISecretsManager aws)
    {
        var count = 0;
        await foreach (var _ in aws.ListAllSecretsAsync(new ListSecretsQuery { IncludePlannedDeletion = true }, Ct))
        {
            count++;
        }

        return (count + 99) / 100;
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private SecretsManagerClient Client(string region)
    {
        var json = new AwsJsonClient(http, new StaticAwsCredentialSource(MotoAws.Credentials), MotoAws.Options, null, observer);
        return new SecretsManagerClient(json, AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = region, EndpointUrl = testbed.Moto.Url }));
    }

    private static async Task<List<string>> CreateSecretsAsync(ISecretsManager aws, int count)
    {
        var prefix = $"catalog/{Guid.NewGuid():N}";
        var names = Enumerable.Range(0, count).Select(i => $"{prefix}/{i:D3}").ToList();
        foreach (var name in names)
        {
            await aws.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString(Guid.NewGuid().ToString("N")) }, Ct);
        }

        return names;
    }

    private static string? Current(SecretDescription description) =>
        description.VersionIdsToStages.FirstOrDefault(kv => kv.Value.Contains(SecretVersionStages.Current)).Key;
}
