using FluentAssertions;
using Rotator.Operator.Tests.Kubernetes;
using YamlDotNet.Serialization;

namespace Rotator.Operator.Tests.Chart;

/// <summary>What <c>helm lint</c> checks of a chart's metadata, and what we promise on top (the CRD is the generated one).</summary>
public sealed class ChartLintTests
{
    [Fact]
    public void Chart_yaml_has_the_metadata_helm_and_chart_indexes_require()
    {
        var chart = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(HelmChart.Directory, "Chart.yaml")));

        chart["apiVersion"].Should().Be("v2", "Helm 3 charts");
        chart["name"].Should().Be(Path.GetFileName(HelmChart.Directory), "helm lint: the name must match the directory");
        ((string)chart["version"]).Should().MatchRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", "the version must be SemVer 2");
        ((string)chart["appVersion"]).Should().NotBeNullOrWhiteSpace();
        ((string)chart["description"]).Should().NotBeNullOrWhiteSpace();
        chart["type"].Should().Be("application");
        chart["kubeVersion"].Should().Be(">=1.20.0-0");
        ((string)chart["home"]).Should().StartWith("https://");
        ((List<object>)chart["sources"]).Should().NotBeEmpty();
        ((List<object>)chart["maintainers"]).Cast<Dictionary<object, object>>().Should().AllSatisfy(m => m.Should().ContainKey("name"));
        File.Exists(Path.Combine(HelmChart.Directory, "values.yaml")).Should().BeTrue();
        File.ReadAllText(Path.Combine(HelmChart.Directory, "values.schema.json")).Should().Contain("\"$schema\": \"http://json-schema.org/draft-07/schema#\"");
        File.Exists(Path.Combine(HelmChart.Directory, "templates", "NOTES.txt")).Should().BeTrue();
    }

    [Fact]
    public void Shipped_crd_is_the_generated_one()
    {
        File.ReadAllBytes(Path.Combine(HelmChart.Directory, "crds", "rotatingsecrets.rotator.io.yaml"))
            .Should().Equal(File.ReadAllBytes(CrdInstaller.CheckedInPath), "charts/rotator/crds/ is a copy of config/crds/: copy it again after `dotnet run --project src/Rotator.CrdGen -- crds`");
    }

    [Theory]
    [InlineData("v1.19.16", false)]
    [InlineData("v1.20.2", true)]
    [InlineData("v1.27.3-eks-a5565ad", true)]
    [InlineData("v1.32.0", true)]
    public async Task Kubernetes_versions_below_1_20_are_refused(string kubeVersion, bool accepted)
    {
        var r = await HelmChart.RenderAsync("--kube-version", kubeVersion);

        if (accepted)
        {
            r.ExitCode.Should().Be(0, r.Error);
        }
        else
        {
            r.Error.Should().Contain("chart requires kubeVersion: >=1.20.0-0 which is incompatible with Kubernetes");
        }
    }
}
