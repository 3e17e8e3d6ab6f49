using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Tests.Fakes;

namespace Rotator.Rotation.Tests.Aws.DirectoryService;

/// <summary>What <see cref="DirectoryServiceClient"/> puts on the wire and how it reads refusals, against canned answers.</summary>
public sealed class DirectoryServiceClientWireTests
{
    private const string Password = "Canned-Secret-9f8e7d";

    private readonly InMemoryAwsCallObserver observer = new();
    private readonly AutoAdvancingTimeProvider time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResetUserPassword_is_a_signed_json_1_1_post()
    {
        var handler = CannedResponseHandler.Json(HttpStatusCode.OK, "{}");

        await Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        var request = handler.LastRequest!;
        request.Method.Should().Be(HttpMethod.Post);
        request.RequestUri.Should().Be(new Uri("https://ds.eu-west-1.amazonaws.com/"));
        request.Headers.GetValues("X-Amz-Target").Should().Equal("DirectoryService_20150416.ResetUserPassword");
        request.Content!.Headers.ContentType!.ToString().Should().Be("application/x-amz-json-1.1");
        request.Headers.GetValues("Authorization").Single().Should()
            .StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").And.Contain("/eu-west-1/ds/aws4_request");
        var body = JsonNode.Parse(handler.LastBody)!;
        ((string?)body["DirectoryId"]).Should().Be("d-1234567890");
        ((string?)body["UserName"]).Should().Be("Admin");
        ((string?)body["NewPassword"]).Should().Be(Password);
        observer.Observations.Should().ContainSingle().Which.Should().Match<AwsCallObservation>(
            o => o.Service == "ds" && o.Operation == "ResetUserPassword" && o.Outcome == AwsCallOutcomes.Success);
    }

    [Fact]
    public async Task A_directory_with_missing_fields_still_reads()
    {
        var handler = CannedResponseHandler.Json(HttpStatusCode.OK, """{"DirectoryDescriptions":[{"DirectoryId":"d-1","Name":"corp.example.com","Stage":"Creating","Type":"MicrosoftAD","Unknown":{"x":1}}]}""");

        var directories = await Client(handler).DescribeDirectoriesAsync(["d-1"], Ct);

        directories.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new DirectoryDescription("d-1", "corp.example.com", null, [], "MicrosoftAD", "Creating"));
        ((string?)JsonNode.Parse(handler.LastBody)!["DirectoryIds"]![0]).Should().Be("d-1");
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_a_format_error()
    {
        var handler = CannedResponseHandler.Json(HttpStatusCode.OK, "<html>captive portal</html>");

        var describe = () => Client(handler).DescribeDirectoriesAsync([], Ct);

        (await describe.Should().ThrowAsync<AwsResponseFormatException>()).Which.Message.Should().Contain("ds.DescribeDirectories");
    }

    [Theory]
    [InlineData("EntityDoesNotExistException", typeof(EntityDoesNotExistException))]
    [InlineData("UserDoesNotExistException", typeof(UserDoesNotExistException))]
    [InlineData("InvalidPasswordException", typeof(InvalidPasswordException))]
    [InlineData("ClientException", typeof(ClientException))]
    [InlineData("DirectoryUnavailableException", typeof(DirectoryUnavailableException))]
    [InlineData("UnsupportedOperationException", typeof(UnsupportedOperationException))]
    [InlineData("AccessDeniedException", typeof(AccessDeniedException))]
    [InlineData("com.amazonaws.ds#EntityDoesNotExistException", typeof(EntityDoesNotExistException))]
    [InlineData("SomethingNewException", typeof(AwsServiceException))]
    public async Task Refusals_map_to_the_one_error_family_and_are_not_retried(string errorType, Type expected)
    {
        var handler = CannedResponseHandler.Json(
            HttpStatusCode.BadRequest, $$"""{"__type":"{{errorType}}","Message":"refused"}""", ("x-amzn-RequestId", "req-1"));

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        var thrown = (await reset.Should().ThrowAsync<AwsServiceException>()).Which;
        thrown.Should().BeOfType(expected);
        var code = errorType.Split('#')[^1];
        thrown.Should().BeEquivalentTo(new { Service = "ds", Operation = "ResetUserPassword", ErrorCode = code, ServiceMessage = "refused", HttpStatus = HttpStatusCode.BadRequest, RequestId = "req-1" });
        handler.Requests.Should().Be(1);
        observer.Observations.Should().ContainSingle().Which.Outcome.Should().Be(code);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException", typeof(ThrottlingException), AwsCallOutcomes.Throttled)]
    [InlineData(HttpStatusCode.InternalServerError, "ServiceException", typeof(ServiceException), "ServiceException")]
    public async Task Throttles_and_service_errors_are_retried_until_attempts_run_out(HttpStatusCode status, string errorType, Type expected, string lastOutcome)
    {
        var handler = CannedResponseHandler.Json(status, $$"""{"__type":"{{errorType}}","Message":"busy"}""");

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        (await reset.Should().ThrowAsync<AwsServiceException>()).Which.Should().BeOfType(expected);
        var attempts = new AwsClientOptions().MaxAttempts;
        handler.Requests.Should().Be(attempts);
        observer.Observations.Select(o => o.Outcome).Should().HaveCount(attempts).And.EndWith(lastOutcome);
        time.Elapsed.Should().BePositive("retries back off on the transport's clock");
    }

    [Fact]
    public async Task The_error_type_header_is_used_when_the_body_has_none()
    {
        var handler = CannedResponseHandler.Json(
            HttpStatusCode.BadRequest, """{"message":"lower-case key"}""", ("x-amzn-ErrorType", "ClientException:http://internal.amazon.com/coral/com.amazonaws.ds/"));

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        (await reset.Should().ThrowAsync<ClientException>()).Which.ServiceMessage.Should().Be("lower-case key");
    }

    [Fact]
    public async Task A_non_json_answer_keeps_the_status()
    {
        var handler = new CannedResponseHandler(() => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") });

        var describe = () => Client(handler).DescribeDirectoriesAsync([], Ct);

        var thrown = (await describe.Should().ThrowAsync<AwsServiceException>()).Which;
        thrown.GetType().Should().Be<AwsServiceException>();
        thrown.HttpStatus.Should().Be(HttpStatusCode.BadGateway);
        thrown.ErrorCode.Should().Be("BadGateway");
    }

    [Fact]
    public async Task A_service_that_echoes_the_password_does_not_get_it_into_the_exception()
    {
        var handler = CannedResponseHandler.Json(
            HttpStatusCode.BadRequest, $$"""{"__type":"InvalidPasswordException","Message":"Password '{{Password}}' is too weak"}""");

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        var thrown = (await reset.Should().ThrowAsync<InvalidPasswordException>()).Which;
        thrown.Message.Should().NotContain(Password).And.Contain("Password '***' is too weak");
        thrown.ServiceMessage.Should().NotContain(Password);
        thrown.ToString().Should().NotContain(Password);
    }

    [Fact]
    public void Only_a_directory_service_endpoint_is_taken()
    {
        var json = new AwsJsonClient(new HttpClient(), new StaticAwsCredentialSource(new AwsCredentials("AKIDEXAMPLE", "example-secret")));

        var build = () => new DirectoryServiceClient(json, AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "eu-west-1" }));

        build.Should().Throw<ArgumentException>().WithMessage("*secretsmanager*");
    }

    private DirectoryServiceClient Client(HttpMessageHandler handler) => new(
        new AwsJsonClient(
            new HttpClient(handler),
            new StaticAwsCredentialSource(new AwsCredentials("AKIDEXAMPLE", "example-secret")),
            new AwsClientOptions(),
            time,
            observer),
        AwsEndpointResolver.Resolve(AwsService.DirectoryService, new AwsEndpointSettings { Region = "eu-west-1" }));
}
