using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using FluentAssertions;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Tests.Fakes;

namespace Rotator.Rotation.Tests.Aws.DirectoryService;

/// <summary>What <see cref="DirectoryServiceClient"/> puts on the wire and how it reads refusals, against canned answers.</summary>
public sealed class DirectoryServiceClientWireTests
{
    private const string Password = "Canned-Secret-9f8e7d";

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

    [Theory]
    [InlineData("EntityDoesNotExistException", typeof(EntityDoesNotExistException))]
    [InlineData("UserDoesNotExistException", typeof(UserDoesNotExistException))]
    [InlineData("InvalidPasswordException", typeof(InvalidPasswordException))]
    [InlineData("ClientException", typeof(ClientException))]
    [InlineData("ServiceException", typeof(ServiceException))]
    [InlineData("DirectoryUnavailableException", typeof(DirectoryUnavailableException))]
    [InlineData("UnsupportedOperationException", typeof(UnsupportedOperationException))]
    [InlineData("AccessDeniedException", typeof(AccessDeniedException))]
    [InlineData("com.amazonaws.ds#EntityDoesNotExistException", typeof(EntityDoesNotExistException))]
    [InlineData("ThrottlingException", typeof(DirectoryServiceException))]
    public async Task Error_types_map_to_typed_exceptions(string errorType, Type expected)
    {
        var handler = CannedResponseHandler.Json(
            HttpStatusCode.BadRequest, $$"""{"__type":"{{errorType}}","Message":"refused"}""", ("x-amzn-RequestId", "req-1"));

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        var thrown = (await reset.Should().ThrowAsync<DirectoryServiceException>()).Which;
        thrown.Should().BeOfType(expected);
        thrown.Error.Should().Be(new DirectoryServiceError("ResetUserPassword", HttpStatusCode.BadRequest, errorType.Split('#')[^1], "refused", "req-1"));
    }

    [Fact]
    public async Task The_error_type_header_is_used_when_the_body_has_none()
    {
        var handler = CannedResponseHandler.Json(
            HttpStatusCode.BadRequest, """{"message":"lower-case key"}""", ("x-amzn-ErrorType", "ClientException:http://internal.amazon.com/coral/com.amazonaws.ds/"));

        var reset = () => Client(handler).ResetUserPasswordAsync("d-1234567890", "Admin", Password, Ct);

        (await reset.Should().ThrowAsync<ClientException>()).Which.Error!.Message.Should().Be("lower-case key");
    }

    [Fact]
    public async Task A_non_json_answer_keeps_the_status()
    {
        var handler = new CannedResponseHandler(() => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>") });

        var describe = () => Client(handler).DescribeDirectoriesAsync([], Ct);

        var thrown = (await describe.Should().ThrowAsync<DirectoryServiceException>()).Which;
        thrown.GetType().Should().Be<DirectoryServiceException>();
        thrown.StatusCode.Should().Be(HttpStatusCode.BadGateway);
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
        thrown.Error!.Message.Should().NotContain(Password);
    }

    private static DirectoryServiceClient Client(HttpMessageHandler handler) => new(
        new HttpClient(handler),
        new DirectoryServiceClientOptions("eu-west-1"),
        new BasicAWSCredentials("AKIDEXAMPLE", "example-secret"));
}
