using FluentAssertions;
using Rotator.Benchmarks;

namespace Rotator.Operator.Tests.Bench;

/// <summary>How the controller benchmark reads the operator's request counts and its process's CPU time.</summary>
public sealed class KubernetesRequestTallyTests
{
    private const string Exposition = """
        # HELP rotator_kubernetes_requests_total Kubernetes API requests sent.
        # TYPE rotator_kubernetes_requests_total counter
        rotator_kubernetes_requests_total{verb="get",resource="secrets",code="200"} 3
        rotator_kubernetes_requests_total{verb="get",resource="secrets",code="404"} 2
        rotator_kubernetes_requests_total{verb="patch",resource="rotatingsecrets/status",code="200"} 4
        rotator_kubernetes_requests_total{verb="update",resource="leases",code="200"} 7
        rotator_kubernetes_requests_total{verb="list",resource="secrets",code="timeout"} 1
        # HELP dotnet_gc_heap_bytes Bytes currently allocated on the managed heap.
        # TYPE dotnet_gc_heap_bytes gauge
        dotnet_gc_heap_bytes 1.5e+07
        """;

    [Fact]
    public void Sums_every_code_of_a_verb_and_resource_and_keeps_the_subresource()
    {
        var tally = MetricsText.KubernetesRequests(Exposition);

        tally[new KubernetesRequest("get", "secrets")].Should().Be(5, "a 404 is a request the API server answered too");
        tally[new KubernetesRequest("patch", "rotatingsecrets/status")].Should().Be(4);
        tally[new KubernetesRequest("list", "secrets")].Should().Be(1, "an attempt without an answer was still sent");
        tally.Sum(r => r.IsWrite && !r.IsLease).Should().Be(4);
        tally.Sum(r => r.IsLease).Should().Be(7);
    }

    [Fact]
    public void Reads_an_unlabelled_gauge()
    {
        MetricsText.Value(Exposition, "dotnet_gc_heap_bytes").Should().Be(15_000_000);
        MetricsText.Value(Exposition, "process_resident_memory_bytes").Should().BeNull();
    }

    [Fact]
    public void Writes_and_leases_are_told_apart()
    {
        new KubernetesRequest("patch", "rotatingsecrets/status").IsWrite.Should().BeTrue();
        new KubernetesRequest("watch", "secrets").IsWrite.Should().BeFalse();
        new KubernetesRequest("update", "leases").IsLease.Should().BeTrue();
    }

    [Fact]
    public void Cpu_time_is_utime_plus_stime_counted_after_a_command_name_with_spaces_and_parentheses()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        ProcessCpu.Parse("4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 0 0 20 0 12 0")
            .Should().Be(TimeSpan.FromSeconds(2.8));
        ProcessCpu.Parse("garbage").Should().BeNull();
    }

    [Fact]
    public void Cpu_time_of_this_process_is_read_from_proc()
    {
        ProcessCpu.Of(Environment.ProcessId).Should().BePositive();
    }
}
