using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Testbed;

/// <summary>moto answers Secrets Manager's JSON 1.1 protocol for requests signed by AWSSDK.Core's SigV4 signer.</summary>
public sealed class MotoSmokeTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Creates_and_reads_a_secret_with_a_sigv4_signed_request()
    {
        var moto = testbed.Moto;
        var ct = TestContext.Current.CancellationToken;
        var name = $"smoke/{Guid.NewGuid():N}";
        var value = $"{{\"token\":\"{Guid.NewGuid():N}\"}}";
        using var http = new HttpClient { BaseAddress = moto.Url };

        var created = await Call(http, moto.Url, "CreateSecret", new JsonObject { ["Name"] = name, ["SecretString"] = value }, ct);
        var versionId = (string?)created["VersionId"];
        versionId.Should().NotBeNullOrEmpty();

        var read = await Call(http, moto.Url, "GetSecretValue", new JsonObject { ["SecretId"] = name, ["VersionStage"] = "AWSCURRENT" }, ct);
        ((string?)read["SecretString"]).Should().Be(value);
        ((string?)read["VersionId"]).Should().Be(versionId);
        read["VersionStages"]!.AsArray().Select(s => (string?)s).Should().Contain("AWSCURRENT");
    }

    [Fact]
    public async Task The_signature_carries_the_service_scope_and_region()
    {
        var headers = new AwsRequestSigner().Sign(
            testbed.Moto.Url, "secretsmanager", "eu-west-1", "secretsmanager.ListSecrets", "{}"u8.ToArray(),
            new ImmutableCredentials("AKIDEXAMPLE", "secret", null));
        headers["Authorization"].Should().StartWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
            .And.Contain("/eu-west-1/secretsmanager/aws4_request")
            .And.Contain("x-amz-target");
        headers.Should().ContainKey("X-Amz-Date");
    }

    private static async Task<JsonNode> Call(HttpClient http, Uri endpoint, string operation, JsonObject body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        var target = $"secretsmanager.{operation}";
        var headers = new AwsRequestSigner().Sign(endpoint, "secretsmanager", "us-east-1", target, bytes, new ImmutableCredentials("testing", "testing", null));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(bytes) };
        foreach (var (key, headerValue) in headers)
        {
            if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(headerValue);
            }
            else if (!key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(key, headerValue);
            }
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        response.IsSuccessStatusCode.Should().BeTrue($"{operation} answered {(int)response.StatusCode}");
        return JsonNode.Parse(text)!;
    }
}
