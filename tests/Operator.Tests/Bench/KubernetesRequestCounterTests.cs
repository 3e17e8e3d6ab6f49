using FluentAssertions;
using Rotator.Benchmarks;

namespace Rotator.Operator.Tests.Bench;

/// <summary>How the controller benchmark names the requests it counts.</summary>
public sealed class KubernetesRequestCounterTests
{
    private const string Ns = "/namespaces/bench/";

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/bench/secrets/bench-1", "get", "secrets")]
    [InlineData("GET", "/api/v1/namespaces/bench/secrets?labelSelector=a%3Db&limit=500", "list", "secrets")]
    [InlineData("GET", "/api/v1/namespaces/bench/secrets?watch=true&resourceVersion=5", "watch", "secrets")]
    [InlineData("POST", "/api/v1/namespaces/bench/secrets?fieldManager=rotator", "create", "secrets")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/bench/leases/rotator-bench", "update", "leases")]
    [InlineData("PATCH", "/apis/rotator.io/v1alpha1/namespaces/bench/rotatingsecrets/bench-1/status", "patch", "rotatingsecrets/status")]
    [InlineData("DELETE", "/api/v1/namespaces/bench/secrets/bench-1", "delete", "secrets")]
    public void Names_verb_and_resource_of_a_namespaced_path(string method, string path, string verb, string resource) =>
        KubernetesRequestCounter.Classify(method, path, Ns).Should().Be(new KubernetesRequest(verb, resource));

    [Theory]
    [InlineData("/api/v1/namespaces/other/secrets/x")]
    [InlineData("/apis/rotator.io/v1alpha1/rotatingsecrets")]
    [InlineData("/version")]
    public void Ignores_paths_about_other_namespaces_or_none(string path) =>
        KubernetesRequestCounter.Classify("GET", path, Ns).Should().BeNull();

    [Fact]
    public void Writes_and_leases_are_told_apart()
    {
        new KubernetesRequest("patch", "rotatingsecrets/status").IsWrite.Should().BeTrue();
        new KubernetesRequest("watch", "secrets").IsWrite.Should().BeFalse();
        new KubernetesRequest("update", "leases").IsLease.Should().BeTrue();
    }
}
