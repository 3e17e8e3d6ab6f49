using FluentAssertions;
using Rotator.Operator.Metrics;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>Real calls to the test bed's moto through our AWS transport, observed by <see cref="RotatorMetrics"/>.</summary>
public sealed class AwsCallMetricsTests(TestbedFixture testbed) : IDisposable
{
    private readonly HttpClient http = new();
    private readonly RotatorMetrics metrics = new(TimeProvider.System);

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Counts_a_successful_call_and_a_failed_one_by_its_aws_error_code()
    {
        var ct = TestContext.Current.CancellationToken;
        var endpoint = AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = testbed.Moto.Url });
        var client = new AwsJsonClient(http, new StaticAwsCredentialSource(new AwsCredentials("testing", "testing")), observer: metrics);
        var secrets = new SecretsManagerClient(client, endpoint);
        var name = $"metrics/{Guid.NewGuid():N}";

        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("not-a-label") }, ct);
        var missing = () => secrets.GetSecretValueAsync($"{name}-missing", SecretVersionSelector.Current, ct);
        await missing.Should().ThrowAsync<AwsServiceException>();

        var text = await metrics.RenderAsync(ct);
        var parsed = ExpositionParser.Parse(text);
        parsed.Value("rotator_aws_calls_total", ("service", "secretsmanager"), ("operation", "CreateSecret"), ("outcome", AwsCallOutcomes.Success)).Should().Be(1);
        parsed.Value("rotator_aws_calls_total", ("service", "secretsmanager"), ("operation", "GetSecretValue"), ("outcome", "ResourceNotFoundException")).Should().Be(1);
        parsed.Value("rotator_aws_call_duration_seconds_count", ("service", "secretsmanager"), ("operation", "GetSecretValue")).Should().Be(1);
        text.Should().NotContain("not-a-label", "secret values never become labels");
    }
}
