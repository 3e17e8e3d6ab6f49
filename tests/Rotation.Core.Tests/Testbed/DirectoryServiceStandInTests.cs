using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Testbed;

/// <summary>The Directory Service stand-in refuses what AWS refuses, so a client that passes it speaks the real protocol.</summary>
public sealed class DirectoryServiceStandInTests(TestbedFixture testbed)
{
    private const string ResetTarget = DirectoryServiceStandIn.TargetPrefix + "ResetUserPassword";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_signed_for_another_service_is_refused_and_changes_nothing()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = Start();

        var (status, error) = await Send(standIn, ResetTarget, ResetBody(user.Uid), signingName: "secretsmanager");

        status.Should().Be(HttpStatusCode.BadRequest);
        error.Should().Be(("InvalidSignatureException", "Credential should be scoped to correct service: 'ds'."));
        new LdapAdmin(testbed.Ldap).FindUser(user.Uid).Should().Be(user.Dn);
        await AssertPasswordUnchanged(user);
    }

    [Fact]
    public async Task A_request_signed_for_another_region_is_refused()
    {
        await using var standIn = Start();

        var (_, error) = await Send(standIn, ResetTarget, ResetBody("Admin"), region: "eu-central-1");

        error.Type.Should().Be("InvalidSignatureException");
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused()
    {
        await using var standIn = Start();

        var (_, error) = await Send(standIn, ResetTarget, ResetBody("Admin"), credentials: new ImmutableCredentials("AKIDUNKNOWN", "x", null));

        error.Type.Should().Be("UnrecognizedClientException");
    }

    [Fact]
    public async Task A_body_changed_after_signing_fails_the_signature_check()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = Start();

        var (_, error) = await Send(standIn, ResetTarget, ResetBody(user.Uid), tamper: body => body.Replace("New-", "Evil-", StringComparison.Ordinal));

        error.Type.Should().Be("InvalidSignatureException");
        error.Message.Should().Contain("signature we calculated does not match");
        await AssertPasswordUnchanged(user);
    }

    [Fact]
    public async Task A_signature_from_too_long_ago_is_refused()
    {
        await using var standIn = Start(new DirectoryServiceStandInOptions { Time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1)) });

        var (_, error) = await Send(standIn, ResetTarget, ResetBody("Admin"));

        error.Should().Match<(string Type, string Message)>(e => e.Type == "InvalidSignatureException" && e.Message.StartsWith("Signature expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsigned_request_is_refused()
    {
        await using var standIn = Start();
        using var http = new HttpClient();
        using var content = new StringContent("{}", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        content.Headers.Add("X-Amz-Target", ResetTarget);

        using var response = await http.PostAsync(standIn.Endpoint, content, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["__type"]).Should().Be("MissingAuthenticationTokenException");
    }

    [Fact]
    public async Task An_operation_it_does_not_know_is_refused()
    {
        await using var standIn = Start();

        var (_, error) = await Send(standIn, DirectoryServiceStandIn.TargetPrefix + "DeleteDirectory", "{\"DirectoryId\":\"d-1234567890\"}");

        error.Type.Should().Be("UnknownOperationException");
    }

    [Fact]
    public async Task A_get_is_refused()
    {
        await using var standIn = Start();
        using var http = new HttpClient();

        using var response = await http.GetAsync(standIn.Endpoint, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        standIn.Calls.Should().ContainSingle().Which.ErrorType.Should().Be("UnknownOperationException");
    }

    [Fact]
    public async Task DescribeDirectories_answers_in_the_aws_shape()
    {
        await using var standIn = Start();

        using var http = new HttpClient();
        var (status, body) = await SendRaw(http, standIn, DirectoryServiceStandIn.TargetPrefix + "DescribeDirectories", "{}", "ds", standIn.Options.Region, Credentials(standIn), null);

        status.Should().Be(HttpStatusCode.OK);
        var directory = JsonNode.Parse(body)!["DirectoryDescriptions"]![0]!;
        ((string?)directory["DirectoryId"]).Should().Be("d-1234567890");
        ((string?)directory["Name"]).Should().Be("rotator.test");
        ((string?)directory["ShortName"]).Should().Be("ROTATOR");
        ((string?)directory["Type"]).Should().Be("MicrosoftAD");
        ((string?)directory["Stage"]).Should().Be("Active");
        directory["DnsIpAddrs"]!.AsArray().Select(a => (string?)a).Should().Equal(testbed.Ldap.Url.Host);
    }

    private DirectoryServiceStandIn Start(DirectoryServiceStandInOptions? options = null) =>
        DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap)], options);

    private static string ResetBody(string userName) =>
        new JsonObject { ["DirectoryId"] = "d-1234567890", ["UserName"] = userName, ["NewPassword"] = $"New-{Guid.NewGuid():N}" }.ToJsonString();

    private static ImmutableCredentials Credentials(DirectoryServiceStandIn standIn) =>
        new(standIn.Options.AccessKeyId, standIn.Options.SecretAccessKey, null);

    private static async Task<(HttpStatusCode Status, (string Type, string Message) Error)> Send(
        DirectoryServiceStandIn standIn,
        string target,
        string body,
        string signingName = "ds",
        string? region = null,
        ImmutableCredentials? credentials = null,
        Func<string, string>? tamper = null)
    {
        using var http = new HttpClient();
        var (status, answer) = await SendRaw(http, standIn, target, body, signingName, region ?? standIn.Options.Region, credentials ?? Credentials(standIn), tamper);
        var error = JsonNode.Parse(answer)!;
        return (status, ((string?)error["__type"] ?? string.Empty, (string?)error["Message"] ?? string.Empty));
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendRaw(
        HttpClient http, DirectoryServiceStandIn standIn, string target, string body, string signingName, string region, ImmutableCredentials credentials, Func<string, string>? tamper)
    {
        var headers = new AwsRequestSigner().Sign(standIn.Endpoint, signingName, region, target, Encoding.UTF8.GetBytes(body), credentials);
        using var request = new HttpRequestMessage(HttpMethod.Post, standIn.Endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(tamper?.Invoke(body) ?? body)) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task AssertPasswordUnchanged(LdapTestUser user)
    {
        var verifier = new Rotator.Rotation.Ldap.LdapVerifier(new Rotator.Rotation.Ldap.LdapVerifierOptions(), TimeProvider.System);
        var result = await verifier.VerifyBindAsync(new Rotator.Rotation.Ldap.LdapDirectory([testbed.Ldap.Url]), user.Dn, user.Password, Ct);
        result.Succeeded.Should().BeTrue(result.Message);
    }
}
