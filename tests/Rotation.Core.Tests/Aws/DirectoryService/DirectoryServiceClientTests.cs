using System.Net;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Ldap;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Aws.DirectoryService;

/// <summary>
/// <see cref="DirectoryServiceClient"/> end to end: signed JSON 1.1 calls through the shared AWS transport to the
/// Directory Service stand-in, which changes passwords in the test bed's slapd; the result is checked with real LDAP binds.
/// </summary>
public sealed class DirectoryServiceClientTests(TestbedFixture testbed) : IAsyncDisposable
{
    private const string DirectoryId = "d-1234567890";

    private readonly LdapVerifier verifier = new(new LdapVerifierOptions(), TimeProvider.System);
    private readonly HttpClient http = new();
    private readonly InMemoryAwsCallObserver observer = new();
    private DirectoryServiceStandIn? standIn;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResetUserPassword_changes_the_password_in_the_directory()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword();

        await Client().ResetUserPasswordAsync(DirectoryId, user.Uid, newPassword, Ct);

        (await Bind(user.Dn, newPassword)).Outcome.Should().Be(LdapBindOutcome.Success);
        (await Bind(user.Dn, user.Password)).Outcome.Should().Be(LdapBindOutcome.InvalidCredentials);
        StandIn().Calls.Should().ContainSingle().Which.Should().Be(
            new StandInCall(DirectoryServiceStandIn.TargetPrefix + "ResetUserPassword", 200, null));
        observer.Observations.Should().ContainSingle().Which.Should().Match<AwsCallObservation>(
            o => o.Service == "ds" && o.Operation == "ResetUserPassword" && o.Outcome == AwsCallOutcomes.Success);
    }

    [Fact]
    public async Task User_names_match_case_insensitively_like_active_directory()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword();

        await Client().ResetUserPasswordAsync(DirectoryId, user.Uid.ToUpperInvariant(), newPassword, Ct);

        (await Bind(user.Dn, newPassword)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task A_127_character_password_is_accepted()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword().PadRight(127, 'x');

        await Client().ResetUserPasswordAsync(DirectoryId, user.Uid, newPassword, Ct);

        (await Bind(user.Dn, newPassword)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task A_128_character_password_is_an_invalid_password_and_changes_nothing()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword().PadRight(128, 'x');

        var reset = () => Client().ResetUserPasswordAsync(DirectoryId, user.Uid, newPassword, Ct);

        var thrown = (await reset.Should().ThrowAsync<InvalidPasswordException>()).Which;
        thrown.ErrorCode.Should().Be("InvalidPasswordException");
        thrown.HttpStatus.Should().Be(HttpStatusCode.BadRequest);
        thrown.Service.Should().Be("ds");
        thrown.RequestId.Should().NotBeNullOrEmpty();
        observer.Count("ResetUserPassword", "InvalidPasswordException").Should().Be(1, "a refusal is counted by its error code, and not retried");
        AssertNoSecret(thrown, newPassword);
        (await Bind(user.Dn, user.Password)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task An_unknown_directory_is_entity_does_not_exist()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword();

        var reset = () => Client().ResetUserPasswordAsync("d-0000000000", user.Uid, newPassword, Ct);

        var thrown = (await reset.Should().ThrowAsync<EntityDoesNotExistException>()).Which;
        thrown.Message.Should().Contain("ResetUserPassword").And.Contain("d-0000000000");
        AssertNoSecret(thrown, newPassword);
        (await Bind(user.Dn, user.Password)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task An_unknown_user_is_user_does_not_exist()
    {
        var newPassword = NewPassword();

        var reset = () => Client().ResetUserPasswordAsync(DirectoryId, "nobody-" + Guid.NewGuid().ToString("N")[..8], newPassword, Ct);

        AssertNoSecret((await reset.Should().ThrowAsync<UserDoesNotExistException>()).Which, newPassword);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_key_is_refused_and_changes_nothing()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var newPassword = NewPassword();
        var wrongKey = new StaticAwsCredentialSource(new AwsCredentials(StandIn().Options.AccessKeyId, "not-the-secret"));

        var reset = () => Client(wrongKey).ResetUserPasswordAsync(DirectoryId, user.Uid, newPassword, Ct);

        var thrown = (await reset.Should().ThrowAsync<AwsServiceException>()).Which;
        thrown.ErrorCode.Should().Be("InvalidSignatureException");
        AssertNoSecret(thrown, newPassword);
        (await Bind(user.Dn, user.Password)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task ResetUserPassword_spends_the_write_budget_that_Secrets_Manager_writes_spend_too()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var name = MotoAws.NewName("ds-budget");
        await MotoAws.SecretsManager(testbed.Moto, http).CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v0") }, Ct);
        var time = new AutoAdvancingTimeProvider();
        var transport = new AwsTransport(http, MotoAws.Options with { WritesPerSecond = 1, WriteBurst = 1 }, time, observer);
        var secrets = MotoAws.SecretsManager(testbed.Moto, transport);
        var directory = StandInAws.Client(StandIn(), transport);
        var (firstPassword, secondPassword) = (NewPassword(), NewPassword());
        var waited = new List<TimeSpan>();
        async Task Timed(Func<Task> call)
        {
            var before = time.Elapsed;
            await call();
            waited.Add(time.Elapsed - before);
        }

        await Timed(() => secrets.PutSecretValueAsync(name, SecretPayload.FromString("v1"), null, Guid.NewGuid().ToString(), Ct));
        await Timed(() => directory.ResetUserPasswordAsync(DirectoryId, user.Uid, firstPassword, Ct));
        await Timed(() => directory.DescribeDirectoriesAsync([DirectoryId], Ct));
        await Timed(() => directory.ResetUserPasswordAsync(DirectoryId, user.Uid, secondPassword, Ct));
        await Timed(() => secrets.PutSecretValueAsync(name, SecretPayload.FromString("v2"), null, Guid.NewGuid().ToString(), Ct));

        // One token a second, one at a time: the burst token goes to the first write, and every later write waits a
        // second for its own, whichever service it is for. The read waits for nothing.
        var oneSecond = TimeSpan.FromSeconds(1);
        waited.Should().Equal([TimeSpan.Zero, oneSecond, TimeSpan.Zero, oneSecond, oneSecond], (a, b) => (a - b).Duration() < TimeSpan.FromMilliseconds(1));
        (await Bind(user.Dn, secondPassword)).Outcome.Should().Be(LdapBindOutcome.Success);
        observer.Observations.Where(o => o.Service == "ds").Select(o => o.Operation)
            .Should().Equal("ResetUserPassword", "DescribeDirectories", "ResetUserPassword");
    }

    [Fact]
    public async Task DescribeDirectories_round_trips_the_directory()
    {
        var others = new StandInDirectory("d-2222222222", "other.test", "OTHER", ["10.0.0.1", "10.0.0.2"], testbed.Ldap);
        var client = Client(directories: [StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId), others]);

        var one = await client.DescribeDirectoriesAsync(["d-2222222222"], Ct);
        var all = await client.DescribeDirectoriesAsync([], Ct);

        one.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new DirectoryDescription("d-2222222222", "other.test", "OTHER", ["10.0.0.1", "10.0.0.2"], "MicrosoftAD", "Active"));
        all.Select(d => d.DirectoryId).Should().Equal(DirectoryId, "d-2222222222");
        all[0].Name.Should().Be("rotator.test");
        all[0].DnsIpAddrs.Should().Equal(testbed.Ldap.Url.Host);
    }

    [Fact]
    public async Task DescribeDirectories_follows_every_page()
    {
        var directories = Enumerable.Range(1, 3).Select(i => StandInDirectory.ForTestbed(testbed.Ldap, $"d-{i:0000000000}")).ToList();
        var client = Client(directories: directories, pageSize: 1);

        var all = await client.DescribeDirectoriesAsync([], Ct);

        all.Select(d => d.DirectoryId).Should().Equal("d-0000000001", "d-0000000002", "d-0000000003");
        StandIn().Calls.Should().HaveCount(3).And.OnlyContain(c => c.StatusCode == 200);
    }

    [Fact]
    public async Task DescribeDirectories_of_an_unknown_directory_is_entity_does_not_exist()
    {
        var describe = () => Client().DescribeDirectoriesAsync(["d-0000000000"], Ct);

        await describe.Should().ThrowAsync<EntityDoesNotExistException>();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (standIn is not null)
        {
            await standIn.DisposeAsync();
        }
    }

    /// <summary>The stand-in of this test, started on first use (with these directories, if they are given first).</summary>
    private DirectoryServiceStandIn StandIn(IEnumerable<StandInDirectory>? directories = null, int pageSize = 100) =>
        standIn ??= DirectoryServiceStandIn.Start(
            directories ?? [StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId)],
            new DirectoryServiceStandInOptions { PageSize = pageSize });

    private DirectoryServiceClient Client(IAwsCredentialSource? credentials = null, IEnumerable<StandInDirectory>? directories = null, int pageSize = 100) =>
        StandInAws.Client(StandIn(directories, pageSize), new AwsTransport(http, MotoAws.Options, observer: observer), credentials);

    private Task<LdapBindResult> Bind(string dn, string password) =>
        verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), dn, password, Ct);

    private static string NewPassword() => $"New-{Guid.NewGuid():N}!";

    private static void AssertNoSecret(Exception thrown, string password)
    {
        thrown.Message.Should().NotContain(password);
        thrown.ToString().Should().NotContain(password);
    }
}
