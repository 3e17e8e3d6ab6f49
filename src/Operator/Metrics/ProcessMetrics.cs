using System.Diagnostics;
using Prometheus;

namespace Rotator.Operator.Metrics;

/// <summary>
/// The process basics Rotator exports, under the names its dashboards and benchmarks read. Not
/// prometheus-net's <c>DotNetStats</c>: that names resident memory <c>process_working_set_bytes</c> and
/// refreshes a <see cref="Process"/> snapshot on every scrape, where these four come from cheap runtime calls.
/// </summary>
internal static class ProcessMetrics
{
    public static void Register(CollectorRegistry registry, IMetricFactory factory)
    {
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var cpu = factory.CreateCounter("process_cpu_seconds_total", "User and system CPU time spent, in seconds.");
        var heap = factory.CreateGauge("dotnet_gc_heap_bytes", "Bytes currently allocated on the managed heap.");
        using (var process = Process.GetCurrentProcess())
        {
            factory.CreateGauge("process_start_time_seconds", "Start time of the process as a Unix timestamp.")
                .Set(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        }

        // Read when scraped: copying them into the gauges on a timer would only make them stale.
        registry.AddBeforeCollectCallback(() =>
        {
            resident.Set(Environment.WorkingSet);
            cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
            heap.Set(GC.GetTotalMemory(forceFullCollection: false));
        });
    }
}
