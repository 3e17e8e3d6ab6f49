using System.Net;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.Sts;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>Error answers become typed exceptions carrying code, HTTP status and request id.</summary>
public sealed class AwsErrorMappingTests(TestbedFixture testbed)
{
    public static TheoryData<string, HttpStatusCode, Type> Codes => new()
    {
        { "com.amazonaws.secretsmanager#ResourceNotFoundException", HttpStatusCode.BadRequest, typeof(ResourceNotFoundException) },
        { "InvalidRequestException", HttpStatusCode.BadRequest, typeof(InvalidRequestException) },
        { "InvalidParameterException", HttpStatusCode.BadRequest, typeof(InvalidParameterException) },
        { "ValidationException", HttpStatusCode.BadRequest, typeof(InvalidParameterException) },
        { "ResourceExistsException", HttpStatusCode.BadRequest, typeof(ResourceExistsException) },
        { "LimitExceededException", HttpStatusCode.BadRequest, typeof(LimitExceededException) },
        { "AccessDeniedException", HttpStatusCode.BadRequest, typeof(AccessDeniedException) },
        { "ThrottlingException", HttpStatusCode.BadRequest, typeof(ThrottlingException) },
        { "TooManyRequestsException", HttpStatusCode.BadRequest, typeof(ThrottlingException) },
        { "RequestLimitExceeded", HttpStatusCode.BadRequest, typeof(ThrottlingException) },
        { "EntityDoesNotExistException", HttpStatusCode.BadRequest, typeof(EntityDoesNotExistException) },
        { "UserDoesNotExistException", HttpStatusCode.BadRequest, typeof(UserDoesNotExistException) },
        { "InvalidPasswordException", HttpStatusCode.BadRequest, typeof(InvalidPasswordException) },
        { "DirectoryUnavailableException", HttpStatusCode.BadRequest, typeof(DirectoryUnavailableException) },
        { "UnsupportedOperationException", HttpStatusCode.BadRequest, typeof(UnsupportedOperationException) },
        { "DecryptionFailure", HttpStatusCode.BadRequest, typeof(DecryptionFailureException) },
        { "InternalServiceError", HttpStatusCode.InternalServerError, typeof(InternalServiceErrorException) },
        { "ClientException", HttpStatusCode.BadRequest, typeof(ClientException) },
        { "ServiceException", HttpStatusCode.InternalServerError, typeof(ServiceException) },
        { "aws.protocoljson#SomethingNewException", HttpStatusCode.BadRequest, typeof(AwsServiceException) },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Maps_the_type_field_to_a_typed_exception(string type, HttpStatusCode status, Type expected)
    {
        var observer = new InMemoryAwsCallObserver();
        using var handler = new InterceptingHandler(_ => StubResponses.JsonError(status, type, "the service says no", "req-42"));
        using var http = new HttpClient(handler);
        var secrets = Unreachable(http, observer, new AwsClientOptions { MaxAttempts = 1 });

        var call = () => secrets.DescribeSecretAsync("any", TestContext.Current.CancellationToken);

        var error = (await call.Should().ThrowAsync<AwsServiceException>()).Which;
        error.GetType().Should().Be(expected);
        error.ErrorCode.Should().Be(type[(type.LastIndexOf('#') + 1)..]);
        error.HttpStatus.Should().Be(status);
        error.RequestId.Should().Be("req-42");
        error.Service.Should().Be("secretsmanager");
        error.Operation.Should().Be("DescribeSecret");
        error.Message.Should().Contain("secretsmanager.DescribeSecret").And.Contain(error.ErrorCode).And.Contain("the service says no").And.Contain("req-42");
        observer.Observations.Should().ContainSingle().Which.Outcome.Should()
            .Be(expected == typeof(ThrottlingException) ? AwsCallOutcomes.Throttled : error.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task An_empty_success_answer_is_a_format_error_not_an_empty_secret(string body)
    {
        // A proxy that drops the answer can hand back 200 with no body; read as {}, it would look like a
        // secret without a version and be mirrored as one.
        using var handler = new InterceptingHandler(_ => StubResponses.Raw(HttpStatusCode.OK, body));
        using var http = new HttpClient(handler);
        var secrets = Unreachable(http, new InMemoryAwsCallObserver(), new AwsClientOptions { MaxAttempts = 1 });
        var ct = TestContext.Current.CancellationToken;

        await ((Func<Task>)(() => secrets.GetSecretValueAsync("any", SecretVersionSelector.Current, ct))).Should().ThrowAsync<AwsResponseFormatException>();
        await ((Func<Task>)(() => secrets.DescribeSecretAsync("any", ct))).Should().ThrowAsync<AwsResponseFormatException>();
    }

    [Fact]
    public async Task A_non_json_error_page_falls_back_to_the_error_type_header_or_the_status()
    {
        using var handler = new InterceptingHandler(r =>
        {
            var response = StubResponses.Raw(HttpStatusCode.BadRequest, "<html>proxy</html>", "text/html");
            if (r.Number == 1)
            {
                response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/");
            }

            return response;
        });
        using var http = new HttpClient(handler);
        var secrets = Unreachable(http, null, new AwsClientOptions { MaxAttempts = 1 });

        await FluentActions.Awaiting(() => secrets.DescribeSecretAsync("a", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<ResourceNotFoundException>();
        (await FluentActions.Awaiting(() => secrets.DescribeSecretAsync("a", TestContext.Current.CancellationToken))
            .Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("BadRequest");
    }

    [Fact]
    public async Task Validation_messages_do_not_echo_the_input()
    {
        var marker = Guid.NewGuid().ToString("N");
        var message = $"2 validation errors detected: Value '{marker}' at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536; Value 'x{marker}' at 'versionStages' failed";
        using var handler = new InterceptingHandler(_ => StubResponses.JsonError(HttpStatusCode.BadRequest, "ValidationException", message));
        using var http = new HttpClient(handler);
        var secrets = Unreachable(http, null, new AwsClientOptions { MaxAttempts = 1 });

        var call = () => secrets.PutSecretValueAsync("s", SecretPayload.FromString(marker), null, Guid.NewGuid().ToString(), TestContext.Current.CancellationToken);

        var error = (await call.Should().ThrowAsync<InvalidParameterException>()).Which;
        error.ToString().Should().NotContain(marker);
        error.ServiceMessage.Should().NotContain(marker).And.Contain("Value <redacted> at 'versionStages' failed");
    }

    [Fact]
    public async Task Sts_query_errors_are_read_from_xml()
    {
        const string body = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error>
              <RequestId>sts-req-7</RequestId>
            </ErrorResponse>
            """;
        using var handler = new InterceptingHandler(_ => StubResponses.Raw(HttpStatusCode.Forbidden, body, "text/xml"));
        using var http = new HttpClient(handler);
        var sts = new StsClient(new AwsTransport(http), AwsEndpointResolver.Resolve(AwsService.Sts, new() { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9") }));

        var call = () => sts.AssumeRoleAsync(
            new AssumeRoleSettings("arn:aws:iam::123456789012:role/r", "ns", "name"), new StaticAwsCredentialSource(MotoAws.Credentials),
            TestContext.Current.CancellationToken);

        var error = (await call.Should().ThrowAsync<AccessDeniedException>()).Which;
        error.RequestId.Should().Be("sts-req-7");
        error.ErrorCode.Should().Be("AccessDenied");
        error.HttpStatus.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Moto_missing_secret_is_ResourceNotFoundException()
    {
        using var http = new HttpClient();
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var call = () => secrets.GetSecretValueAsync(MotoAws.NewName("missing"), SecretVersionSelector.Current, TestContext.Current.CancellationToken);
        var error = (await call.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        // AWS answers 400 here and moto 404; the code, not the status, decides the type.
        error.ErrorCode.Should().Be("ResourceNotFoundException");
    }

    [Fact]
    public async Task Moto_duplicate_create_is_ResourceExistsException()
    {
        using var http = new HttpClient();
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var name = MotoAws.NewName("dup");
        var ct = TestContext.Current.CancellationToken;
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("a") }, ct);

        var again = () => secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("b") }, ct);

        (await again.Should().ThrowAsync<ResourceExistsException>()).Which.ErrorCode.Should().Be("ResourceExistsException");
    }

    private static SecretsManagerClient Unreachable(HttpClient http, IAwsCallObserver? observer, AwsClientOptions options)
    {
        // Every request is answered by the handler; nothing listens on the discard port.
        var json = new AwsJsonClient(http, new StaticAwsCredentialSource(MotoAws.Credentials), options, observer: observer);
        return new SecretsManagerClient(json, AwsEndpointResolver.Resolve(
            AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9") }));
    }
}
