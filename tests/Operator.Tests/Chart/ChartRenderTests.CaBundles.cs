using FluentAssertions;
using Rotator.Operator.Hosting;

namespace Rotator.Operator.Tests.Chart;

/// <summary>The chart's CA bundles (<c>mysql.caBundle</c>, <c>ldap.caBundle</c>): mounted read-only, handed to the operator as its CA file flags.</summary>
public sealed partial class ChartRenderTests
{
    [Theory]
    [InlineData("mysql", "configMap")]
    [InlineData("mysql", "secret")]
    [InlineData("ldap", "configMap")]
    [InlineData("ldap", "secret")]
    public async Task A_ca_bundle_is_mounted_read_only_and_handed_to_the_operator(string section, string source)
    {
        string? CaFile(OperatorOptions o) => section == "mysql" ? o.MySqlCaFile : o.LdapCaFile;
        var name = $"{section}-ca";
        var r = await HelmChart.RenderOkAsync("--set", $"{section}.caBundle.{source}=the-ca,{section}.caBundle.key=bundle.pem");

        CaFile(OperatorSees(r)).Should().Be($"/etc/rotator-{section}-ca/ca.crt");
        var volume = r.PodSpec["volumes"]!.AsArray().Single(v => (string)v!["name"]! == name)!;
        var item = (source == "configMap" ? volume["configMap"]!["items"] : volume["secret"]!["items"])!.AsArray().Single()!;
        ((string?)item["key"]).Should().Be("bundle.pem");
        ((string?)item["path"]).Should().Be("ca.crt");
        var mount = r.PodSpec["containers"]![0]!["volumeMounts"]!.AsArray().Single(m => (string)m!["name"]! == name)!;
        ((string?)mount["mountPath"]).Should().Be($"/etc/rotator-{section}-ca");
        ((bool?)mount["readOnly"]).Should().BeTrue();
        r.PodSpec["volumes"]!.AsArray().Should().ContainSingle(v => ((string)v!["name"]!).EndsWith("-ca", StringComparison.Ordinal), "only the bundle asked for");

        var none = await HelmChart.RenderOkAsync();
        CaFile(OperatorSees(none)).Should().BeNull("no bundle, no flag (MySQL VerifyCA is refused with a reason; LDAP trusts the system's CAs)");
        none.PodSpec["volumes"]!.AsArray().Should().NotContain(v => (string)v!["name"]! == name);

        var both = await HelmChart.RenderAsync("--set", $"{section}.caBundle.configMap=a,{section}.caBundle.secret=b");
        both.ExitCode.Should().Be(1);
        both.Error.Should().Contain($"{section}.caBundle: name a configMap or a secret, not both");
    }
}
