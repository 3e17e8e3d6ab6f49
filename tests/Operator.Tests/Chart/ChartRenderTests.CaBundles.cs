using FluentAssertions;
using Rotator.Operator.Hosting;

namespace Rotator.Operator.Tests.Chart;

/// <summary>The CA bundles (<c>mysql.caBundle</c>, <c>postgresql.caBundle</c>, <c>ldap.caBundle</c>): mounted read-only and handed to the operator.</summary>
public sealed partial class ChartRenderTests
{
    [Theory]
    [InlineData("mysql", "configMap")]
    [InlineData("mysql", "secret")]
    [InlineData("postgresql", "configMap")]
    [InlineData("postgresql", "secret")]
    [InlineData("ldap", "configMap")]
    [InlineData("ldap", "secret")]
    public async Task A_ca_bundle_is_mounted_read_only_and_handed_to_the_operator(string engine, string source)
    {
        var r = await HelmChart.RenderOkAsync("--set", $"{engine}.caBundle.{source}=db-ca,{engine}.caBundle.key=bundle.pem");

        var options = OperatorSees(r);
        CaFile(options, engine).Should().Be($"/etc/rotator-{engine}-ca/ca.crt");
        foreach (var other in new[] { "mysql", "postgresql", "ldap" }.Where(e => e != engine))
        {
            CaFile(options, other).Should().BeNull("each bundle is for its own servers");
        }

        var volume = r.PodSpec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == $"{engine}-ca")!;
        var item = (source == "configMap" ? volume["configMap"]!["items"] : volume["secret"]!["items"])!.AsArray().Single()!;
        ((string?)(source == "configMap" ? volume["configMap"]!["name"] : volume["secret"]!["secretName"])).Should().Be("db-ca");
        ((string?)item["key"]).Should().Be("bundle.pem");
        ((string?)item["path"]).Should().Be("ca.crt");
        var mount = r.Container["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == $"{engine}-ca")!;
        ((string?)mount["mountPath"]).Should().Be($"/etc/rotator-{engine}-ca");
        ((bool?)mount["readOnly"]).Should().BeTrue();

        var none = await HelmChart.RenderOkAsync();
        CaFile(OperatorSees(none), engine).Should().BeNull("no bundle, no flag");
        none.PodSpec["volumes"]!.AsArray().Should().NotContain(v => (string)v!["name"]! == $"{engine}-ca");

        var both = await HelmChart.RenderAsync("--set", $"{engine}.caBundle.configMap=a,{engine}.caBundle.secret=b");
        both.ExitCode.Should().Be(1);
        both.Error.Should().Contain($"{engine}.caBundle: name a configMap or a secret, not both");
    }

    [Fact]
    public async Task Every_ca_bundle_can_be_given_together()
    {
        var r = await HelmChart.RenderOkAsync("--set", "mysql.caBundle.configMap=mysql-ca,postgresql.caBundle.secret=pg-ca,ldap.caBundle.configMap=ldap-ca");

        var options = OperatorSees(r);
        options.MySqlCaFile.Should().Be("/etc/rotator-mysql-ca/ca.crt");
        options.PostgreSqlCaFile.Should().Be("/etc/rotator-postgresql-ca/ca.crt");
        options.LdapCaFile.Should().Be("/etc/rotator-ldap-ca/ca.crt");
        r.Container["volumeMounts"]!.AsArray().Select(m => (string)m!["name"]!).Should().Contain(["mysql-ca", "postgresql-ca", "ldap-ca"]);
    }

    private static string? CaFile(OperatorOptions options, string engine) => engine switch
    {
        "mysql" => options.MySqlCaFile,
        "postgresql" => options.PostgreSqlCaFile,
        _ => options.LdapCaFile,
    };
}
