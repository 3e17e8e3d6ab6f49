using System.Reflection;
using FluentAssertions;
using Rotator.Rotation.Aws.Credentials;

namespace Rotator.Rotation.Tests.Aws.Credentials;

/// <summary>AWSSDK.Core's default chain behind our interface.</summary>
public sealed class DefaultAwsCredentialSourceTests
{
    [Fact]
    public async Task Reads_environment_credentials_through_the_sdk_chain()
    {
        // The chain reads the process environment; these variables are read by nothing else in the tests.
        var saved = new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" }
            .ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-env");
            Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-env");
            using var source = new DefaultAwsCredentialSource();

            var credentials = await source.GetCredentialsAsync(TestContext.Current.CancellationToken);

            credentials.AccessKeyId.Should().Be("AKIDFROMENV");
            credentials.SecretAccessKey.Should().Be("secret-from-env");
            credentials.SessionToken.Should().Be("token-from-env");
        }
        finally
        {
            foreach (var (key, value) in saved)
            {
                Environment.SetEnvironmentVariable(key, value);
            }
        }
    }

    [Fact]
    public void The_sts_assembly_the_sdk_loads_by_name_for_web_identity_is_deployed()
    {
        // AWSSDK.Core loads it by name for IRSA; a missing assembly would only show up in a cluster.
        var assembly = Assembly.Load("AWSSDK.SecurityToken");
        assembly.GetType("Amazon.SecurityToken.AmazonSecurityTokenServiceClient").Should().NotBeNull();
    }
}
