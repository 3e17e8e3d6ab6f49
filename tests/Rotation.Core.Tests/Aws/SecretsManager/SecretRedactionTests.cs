using System.Net;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.SecretsManager.Wire;
using Rotator.Rotation.Aws.Sts;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws.SecretsManager;

/// <summary>No secret value reaches an exception message or a ToString, whatever the value looks like.</summary>
public sealed class SecretRedactionTests(TestbedFixture testbed)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secret_string_that_is_not_json_fails_without_quoting_it()
    {
        var marker = Guid.NewGuid().ToString("N");
        var name = MotoAws.NewName("redact/plain");
        using var http = new HttpClient();
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString($"not-json-{marker}") }, Ct);
        var value = await secrets.GetSecretValueAsync(name, SecretVersionSelector.Current, Ct);

        var parse = () => SecretJson.ParseObject(value);

        var error = parse.Should().Throw<SecretFormatException>().Which;
        error.Message.Should().NotContain(marker).And.NotContain("not-json").And.Contain(name).And.Contain(value.VersionId);
        error.InnerException.Should().BeNull();
        error.ToString().Should().NotContain(marker);
        error.SecretId.Should().Be(name);
        error.VersionId.Should().Be(value.VersionId);
    }

    [Theory]
    [InlineData("{\"password\": MARKER}")]
    [InlineData("{\"password\": \"MARKER\"")]
    [InlineData("{\"password\": \"MARKER\",, }")]
    [InlineData("[\"MARKER\"]")]
    [InlineData("{\"password\": \"MARKER\", \"password\": \"x\"}")]
    public void Broken_json_of_every_kind_fails_without_quoting_it(string template)
    {
        var marker = Guid.NewGuid().ToString("N");
        var value = Value(template.Replace("MARKER", marker, StringComparison.Ordinal));

        var parse = () => SecretJson.ParseObject(value);

        var error = parse.Should().Throw<SecretFormatException>().Which;
        error.ToString().Should().NotContain(marker);
        error.Message.Should().Contain("my/secret").And.Contain("v-1");
    }

    [Fact]
    public void Typed_deserialization_failures_do_not_quote_the_value()
    {
        var marker = Guid.NewGuid().ToString("N");
        var value = Value($$"""{"port": "{{marker}}"}""");

        var parse = () => SecretJson.Deserialize(value, RedactionTestJsonContext.Default.PortOnly);

        var error = parse.Should().Throw<SecretFormatException>().Which;
        error.ToString().Should().NotContain(marker);
        error.Message.Should().Contain("$.port");
    }

    [Fact]
    public void Valid_json_parses()
    {
        var parsed = SecretJson.ParseObject(Value("""{"username":"app","password":"p","port":3306}"""));
        ((string?)parsed["username"]).Should().Be("app");
        ((int?)parsed["port"]).Should().Be(3306);
        SecretJson.Deserialize(Value("""{"port":3306}"""), RedactionTestJsonContext.Default.PortOnly).Port.Should().Be(3306);
    }

    [Fact]
    public void Binary_secrets_are_not_json_strings()
    {
        var parse = () => SecretJson.ParseObject(new SecretValue { Name = "bin", VersionId = "v", SecretBinary = [1, 2, 3] });
        parse.Should().Throw<SecretFormatException>().WithMessage("*binary*");
    }

    [Fact]
    public void ToString_of_values_payloads_and_credentials_leaves_the_secret_out()
    {
        var marker = Guid.NewGuid().ToString("N");
        var value = new SecretValue { Arn = "arn:x", Name = "n", VersionId = "v", SecretString = marker, VersionStages = ["AWSCURRENT"] };
        var binary = new SecretValue { Name = "n", VersionId = "v", SecretBinary = System.Text.Encoding.UTF8.GetBytes(marker) };
        var credentials = new AwsCredentials("AKIDEXAMPLE", marker, marker + "token");

        value.ToString().Should().NotContain(marker).And.Contain("VersionId = v").And.Contain("AWSCURRENT").And.Contain("redacted");
        binary.ToString().Should().NotContain(marker).And.NotContain(Convert.ToBase64String(binary.SecretBinary!));
        SecretPayload.FromString(marker).ToString().Should().NotContain(marker);
        SecretPayload.FromBytes(binary.SecretBinary).ToString().Should().NotContain(marker);
        credentials.ToString().Should().NotContain(marker).And.Contain("AKIDEXAMPLE");
        new BatchSecretValues([value], []).ToString().Should().NotContain(marker);
        $"{value}".Should().NotContain(marker);
    }

    [Fact]
    public async Task A_malformed_response_does_not_quote_the_response()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var handler = new InterceptingHandler(_ => StubResponses.Raw(
            HttpStatusCode.OK, $$"""{"Name":"n","VersionId":"v","SecretString":"{{marker}}" "oops": {{marker}}}"""));
        using var http = new HttpClient(handler);
        var json = new AwsJsonClient(http, new StaticAwsCredentialSource(MotoAws.Credentials));
        var secrets = new SecretsManagerClient(json, AwsEndpointResolver.Resolve(
            AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9") }));

        var call = () => secrets.GetSecretValueAsync("n", SecretVersionSelector.Current, Ct);

        var error = (await call.Should().ThrowAsync<AwsResponseFormatException>()).Which;
        error.ToString().Should().NotContain(marker);
        error.InnerException.Should().BeNull();
        error.Message.Should().Contain("GetSecretValue");
    }

    [Fact]
    public async Task A_malformed_sts_response_does_not_quote_the_credentials()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var handler = new InterceptingHandler(_ => StubResponses.Raw(
            HttpStatusCode.OK, $"<AssumeRoleResponse><AssumeRoleResult><Credentials><SecretAccessKey>{marker}</Secret {marker}>", "text/xml"));
        using var http = new HttpClient(handler);
        var sts = new StsClient(new AwsTransport(http), AwsEndpointResolver.Resolve(
            AwsService.Sts, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9") }));

        var call = () => sts.AssumeRoleAsync(
            new AssumeRoleSettings("arn:aws:iam::123456789012:role/r", "ns", "n"), new StaticAwsCredentialSource(MotoAws.Credentials), Ct);

        var error = (await call.Should().ThrowAsync<AwsResponseFormatException>()).Which;
        error.ToString().Should().NotContain(marker);
        error.InnerException.Should().BeNull();
    }

    [Fact]
    public void Wire_records_that_carry_values_leave_them_out_of_ToString()
    {
        var marker = Guid.NewGuid().ToString("N");
        new PutSecretValueRequest("s", "t", marker, null, null).ToString().Should().NotContain(marker).And.Contain("SecretId = s");
        new CreateSecretRequest("n", "t", null, null, marker, null, null).ToString().Should().NotContain(marker).And.Contain("Name = n");
        new GetRandomPasswordResponse { RandomPassword = marker }.ToString().Should().NotContain(marker);
    }

    private static SecretValue Value(string text) => new() { Name = "my/secret", VersionId = "v-1", SecretString = text };
}
