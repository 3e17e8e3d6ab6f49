using System.Web;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.Sts;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws.Sts;

/// <summary>AssumeRole over STS's Query protocol against moto: temporary credentials, session tags, caching.</summary>
public sealed class AssumeRoleTests : IDisposable
{
    private const string OtherAccount = "111122223333";
    private static readonly AssumeRoleSettings Settings = new($"arn:aws:iam::{OtherAccount}:role/rotator-target", "team-a", "db-credentials", "ext-123");

    private readonly TestbedFixture testbed;
    private readonly InterceptingHandler handler = new();
    private readonly HttpClient http;
    private readonly AwsTransport transport;
    private readonly StsClient sts;

    public AssumeRoleTests(TestbedFixture testbed)
    {
        this.testbed = testbed;
        http = new HttpClient(handler);
        transport = new AwsTransport(http, MotoAws.Options);
        sts = new StsClient(transport, AwsEndpointResolver.Resolve(AwsService.Sts, MotoAws.Settings(Moto)));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MotoServer Moto => testbed.Moto;

    public void Dispose()
    {
        http.Dispose();
        handler.Dispose();
    }

    [Fact]
    public async Task Returns_temporary_credentials_that_sign_calls_as_the_role()
    {
        using var role = new AssumeRoleCredentialSource(sts, new StaticAwsCredentialSource(MotoAws.Credentials), Settings, TimeProvider.System);

        var credentials = await role.GetCredentialsAsync(Ct);
        var identity = await sts.GetCallerIdentityAsync(role, Ct);

        credentials.AccessKeyId.Should().NotBe(MotoAws.Credentials.AccessKeyId);
        credentials.SessionToken.Should().NotBeNullOrEmpty();
        credentials.Expiration.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromMinutes(5));
        identity.Account.Should().Be(OtherAccount);
        identity.Arn.Should().Be($"arn:aws:sts::{OtherAccount}:assumed-role/rotator-target/rotator-team-a.db-credentials");

        // moto files what the role's credentials create under the role's account: proof they signed the call.
        var secrets = new SecretsManagerClient(new AwsJsonClient(transport, role), MotoAws.Endpoint(Moto, AwsService.SecretsManager));
        var name = MotoAws.NewName("sts/as-role");
        var created = await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("v") }, Ct);
        created.Arn.Should().Contain($":{OtherAccount}:secret:");
        (await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct)).SecretString.Should().Be("v");
        handler.Requests.Where(r => r.Target == "secretsmanager.CreateSecret").Should().ContainSingle()
            .Which.Authorization.Should().Contain($"Credential={credentials.AccessKeyId}/");

        var visibleToDefaultAccount = await Boto3.RunAsync(Moto, """
            result = [s["Name"] for s in sm.list_secrets(Filters=[{"Key": "name", "Values": [args[0]]}])["SecretList"]]
            """, name);
        visibleToDefaultAccount!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Sends_session_tags_external_id_and_session_name_in_the_form()
    {
        await sts.AssumeRoleAsync(Settings, new StaticAwsCredentialSource(MotoAws.Credentials), Ct);

        var request = handler.Requests.Should().ContainSingle().Which;
        request.Target.Should().BeNull();
        request.Authorization.Should().Contain($"/{MotoAws.Region}/sts/aws4_request");
        var form = HttpUtility.ParseQueryString(request.Body);
        form["Action"].Should().Be("AssumeRole");
        form["Version"].Should().Be("2011-06-15");
        form["RoleArn"].Should().Be(Settings.RoleArn);
        form["RoleSessionName"].Should().Be("rotator-team-a.db-credentials");
        form["ExternalId"].Should().Be("ext-123");
        form["DurationSeconds"].Should().Be("3600");
        form["Tags.member.1.Key"].Should().Be("rotator-namespace");
        form["Tags.member.1.Value"].Should().Be("team-a");
        form["Tags.member.2.Key"].Should().Be("rotator-name");
        form["Tags.member.2.Value"].Should().Be("db-credentials");
    }

    [Fact]
    public async Task Caches_credentials_until_shortly_before_they_expire()
    {
        var time = new AutoAdvancingTimeProvider();
        using var role = new AssumeRoleCredentialSource(sts, new StaticAwsCredentialSource(MotoAws.Credentials), Settings, time);

        var first = await role.GetCredentialsAsync(Ct);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => role.GetCredentialsAsync(Ct).AsTask()));
        time.Advance(TimeSpan.FromMinutes(50));
        var stillCached = await role.GetCredentialsAsync(Ct);
        AssumeRoleCalls().Should().Be(1);

        time.Advance(TimeSpan.FromMinutes(6));
        var renewed = await role.GetCredentialsAsync(Ct);

        concurrent.Should().OnlyContain(c => c == first);
        stillCached.Should().Be(first);
        AssumeRoleCalls().Should().Be(2, "55 minutes into a 60-minute session is inside the 5-minute refresh window");
        renewed.AccessKeyId.Should().NotBe(first.AccessKeyId);
    }

    [Fact]
    public void Session_names_fit_stss_alphabet_and_length()
    {
        var settings = new AssumeRoleSettings("arn:aws:iam::123456789012:role/r", "a-very-long-namespace-name-for-testing", "and/a name with spaces " + new string('x', 60));
        settings.SessionName.Should().HaveLength(64).And.StartWith("rotator-a-very-long-namespace-name-for-testing.and-a-name-with");
        settings.SessionName.Should().MatchRegex("^[A-Za-z0-9+=,.@_-]+$");
    }

    [Fact]
    public void Refuses_what_sts_would_refuse()
    {
        var caller = new StaticAwsCredentialSource(MotoAws.Credentials);
        var notARole = () => new AssumeRoleCredentialSource(sts, caller, new AssumeRoleSettings("arn:aws:iam::1:user/u", "ns", "n"), TimeProvider.System);
        var tooShort = () => new AssumeRoleCredentialSource(
            sts, caller, Settings with { Duration = TimeSpan.FromMinutes(5) }, TimeProvider.System);
        notARole.Should().Throw<ArgumentException>();
        tooShort.Should().Throw<ArgumentOutOfRangeException>();
    }

    private int AssumeRoleCalls() => handler.Requests.Count(r => r.Body.Contains("Action=AssumeRole", StringComparison.Ordinal));
}
