using FluentAssertions;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Tests.Aws.Endpoints;

/// <summary>Endpoint resolution follows the SDKs' rules: overrides, regional defaults, FIPS, dual-stack, China.</summary>
public sealed class AwsEndpointResolverTests
{
    [Theory]
    [InlineData("secretsmanager", "https://secretsmanager.eu-west-1.amazonaws.com/")]
    [InlineData("ds", "https://ds.eu-west-1.amazonaws.com/")]
    [InlineData("sts", "https://sts.eu-west-1.amazonaws.com/")]
    public void Regional_defaults(string service, string expected)
    {
        var endpoint = AwsEndpointResolver.Resolve(Service(service), new AwsEndpointSettings { Region = "eu-west-1" });
        endpoint.Url.ToString().Should().Be(expected);
        endpoint.Region.Should().Be("eu-west-1");
        endpoint.SigningName.Should().Be(service);
    }

    [Fact]
    public void China_regions_use_the_cn_suffix()
    {
        Resolve(AwsService.SecretsManager, new() { Region = "cn-north-1" }).Should().Be("https://secretsmanager.cn-north-1.amazonaws.com.cn/");
        Resolve(AwsService.Sts, new() { Region = "cn-northwest-1" }).Should().Be("https://sts.cn-northwest-1.amazonaws.com.cn/");
    }

    [Fact]
    public void Fips_and_dual_stack_change_the_host()
    {
        Resolve(AwsService.SecretsManager, new() { Region = "us-east-1", UseFips = true })
            .Should().Be("https://secretsmanager-fips.us-east-1.amazonaws.com/");
        Resolve(AwsService.SecretsManager, new() { Region = "us-east-1", UseDualStack = true })
            .Should().Be("https://secretsmanager.us-east-1.api.aws/");
        Resolve(AwsService.DirectoryService, new() { Region = "us-gov-west-1", UseFips = true, UseDualStack = true })
            .Should().Be("https://ds-fips.us-gov-west-1.api.aws/");
        Resolve(AwsService.SecretsManager, new() { Region = "cn-north-1", UseDualStack = true })
            .Should().Be("https://secretsmanager.cn-north-1.api.amazonwebservices.com.cn/");
    }

    [Fact]
    public void Fips_and_dual_stack_come_from_the_environment()
    {
        var settings = AwsEndpointSettings.FromEnvironment(getVariable: Env(
            ("AWS_REGION", "us-west-2"), ("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE")));
        Resolve(AwsService.SecretsManager, settings).Should().Be("https://secretsmanager-fips.us-west-2.api.aws/");

        var off = AwsEndpointSettings.FromEnvironment(getVariable: Env(("AWS_REGION", "us-west-2"), ("AWS_USE_FIPS_ENDPOINT", "false")));
        Resolve(AwsService.SecretsManager, off).Should().Be("https://secretsmanager.us-west-2.amazonaws.com/");
    }

    [Fact]
    public void Region_comes_from_explicit_value_then_AWS_REGION_then_AWS_DEFAULT_REGION()
    {
        var both = Env(("AWS_REGION", "eu-central-1"), ("AWS_DEFAULT_REGION", "ap-south-1"));
        AwsEndpointSettings.FromEnvironment("sa-east-1", both).Region.Should().Be("sa-east-1");
        AwsEndpointSettings.FromEnvironment(getVariable: both).Region.Should().Be("eu-central-1");
        AwsEndpointSettings.FromEnvironment(getVariable: Env(("AWS_DEFAULT_REGION", "ap-south-1"))).Region.Should().Be("ap-south-1");
        AwsEndpointSettings.FromEnvironment(getVariable: Env()).Region.Should().BeNull();
    }

    [Fact]
    public void A_service_specific_url_wins_over_the_global_one()
    {
        var settings = AwsEndpointSettings.FromEnvironment(getVariable: Env(
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", "http://localhost:4566"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:5000"),
            ("AWS_ENDPOINT_URL_DIRECTORY_SERVICE", "https://ds.example.test"),
            ("AWS_USE_FIPS_ENDPOINT", "true")));

        Resolve(AwsService.SecretsManager, settings).Should().Be("http://127.0.0.1:5000/");
        Resolve(AwsService.DirectoryService, settings).Should().Be("https://ds.example.test/");
        Resolve(AwsService.Sts, settings).Should().Be("http://localhost:4566/");
        AwsEndpointResolver.Resolve(AwsService.Sts, settings).Region.Should().Be("us-east-1");
    }

    [Fact]
    public void The_sts_override_applies_to_sts_only()
    {
        var settings = AwsEndpointSettings.FromEnvironment(getVariable: Env(("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:7000")));
        Resolve(AwsService.Sts, settings).Should().Be("http://127.0.0.1:7000/");
        Resolve(AwsService.SecretsManager, settings).Should().Be("https://secretsmanager.us-east-1.amazonaws.com/");
    }

    [Fact]
    public void Configured_urls_can_be_ignored()
    {
        var settings = AwsEndpointSettings.FromEnvironment(getVariable: Env(
            ("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL", "http://localhost:4566"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
        Resolve(AwsService.SecretsManager, settings).Should().Be("https://secretsmanager.us-east-1.amazonaws.com/");
    }

    [Fact]
    public void Refuses_a_missing_region_a_hostile_region_and_a_bad_url()
    {
        var none = () => AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings());
        none.Should().ThrowExactly<MissingRegionException>().WithMessage("*AWS_REGION*");

        var hostile = () => AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "evil.example.com/x" });
        hostile.Should().Throw<ArgumentException>();

        var badUrl = () => AwsEndpointSettings.FromEnvironment(getVariable: Env(("AWS_ENDPOINT_URL", "ftp://x")));
        badUrl.Should().Throw<ArgumentException>().WithMessage("*AWS_ENDPOINT_URL*");
    }

    [Fact]
    public void Json_targets_carry_the_service_prefix()
    {
        var settings = new AwsEndpointSettings { Region = "us-east-1" };
        AwsEndpointResolver.Resolve(AwsService.SecretsManager, settings).Target("GetSecretValue").Should().Be("secretsmanager.GetSecretValue");
        AwsEndpointResolver.Resolve(AwsService.DirectoryService, settings).Target("ResetUserPassword")
            .Should().Be("DirectoryService_20150416.ResetUserPassword");
    }

    private static string Resolve(AwsService service, AwsEndpointSettings settings) => AwsEndpointResolver.Resolve(service, settings).Url.ToString();

    private static AwsService Service(string name) => name switch
    {
        "secretsmanager" => AwsService.SecretsManager,
        "ds" => AwsService.DirectoryService,
        _ => AwsService.Sts,
    };

    private static Func<string, string?> Env(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return key => map.GetValueOrDefault(key);
    }
}
