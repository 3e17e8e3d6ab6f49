using FluentAssertions;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// values.schema.json stops bad values at install time, with the key named, instead of letting the
/// operator crash-loop on them (or worse, run with a default the user did not mean).
/// </summary>
public sealed class ChartSchemaTests
{
    [Theory]
    [InlineData("replicas=two", "replicas: Invalid type. Expected: integer")]
    [InlineData("operator.logFormat=xml", "operator.logFormat must be one of the following")]
    [InlineData("rbac.scope=everything", "rbac.scope must be one of the following")]
    [InlineData("rbac.scope=namespaced", "watchNamespaces: Array must have at least 1 items")]
    [InlineData("replicaCount=2", "Additional property replicaCount is not allowed")]
    [InlineData("operator.workers=0", "operator.workers: Must be greater than or equal to 1")]
    [InlineData("operator.refreshInterval=five minutes", "operator.refreshInterval: Does not match pattern")]
    [InlineData("aws.region=Europe", "aws.region: Does not match pattern")]
    [InlineData("aws.endpoints.sts=sts.amazonaws.com", "aws.endpoints.sts: Does not match pattern")]
    [InlineData("image.digest=latest", "image.digest: Does not match pattern")]
    [InlineData("watchNamespaces={Shop}", "Does not match pattern")]
    [InlineData("operator.tenancy.Payments={x/*}", "Does not match pattern")]
    [InlineData("metrics.port=70000", "metrics.port: Must be less than or equal to 65535")]
    [InlineData("postgresql.caBundle.file=ca.pem", "Additional property file is not allowed")]
    [InlineData("postgresql.caBundle.key=", "postgresql.caBundle.key: String length must be greater than or equal to 1")]
    [InlineData("serviceAccount.annotations.team=null,serviceAccount.annotations.tier=1", "Invalid type. Expected: string")]
    public async Task Bad_values_fail_the_install_naming_the_key(string set, string expected)
    {
        var r = await HelmChart.RenderAsync("--set", set);

        r.ExitCode.Should().Be(1, r.Error);
        r.Error.Should().Contain("values don't meet the specifications of the schema").And.Contain(expected);
    }

    [Fact]
    public async Task Every_documented_option_together_is_accepted()
    {
        var r = await HelmChart.RenderAsync(
            "--set", "rbac.scope=namespaced,watchNamespaces={shop,payments}",
            "--set", "metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true,crds.templated=true",
            "--set", @"serviceAccount.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::111122223333:role/rotator",
            "--set", "aws.region=us-gov-west-1,aws.endpoints.all=http://127.0.0.1:4566,operator.takeOverPendingAfter=1h30m",
            "--set-json", """operator.tenancy={"*":["{namespace}/*"],"platform":["*"]}""",
            "--set", "podDisruptionBudget.maxUnavailable=50%,operator.extraArgs={--identity=rotator-a}",
            "--set", "mysql.caBundle.configMap=db-ca,postgresql.caBundle.secret=pg-ca,postgresql.caBundle.key=root.pem");

        r.ExitCode.Should().Be(0, r.Error);
    }
}
