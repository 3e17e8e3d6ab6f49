using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Hosting;

namespace Rotator.Benchmarks;

/// <summary>
/// The operator as its own process, <c>dotnet rotator.dll</c> (the file the image ships, next to the
/// benchmark's own), so its memory and CPU are measured without the benchmark's loader, watches and heap.
/// It is configured as in a container: command-line settings plus the standard AWS environment pointing at
/// the given endpoint with static credentials (moto takes any). Its output lines are logged through the
/// benchmark's logger; it stops with SIGTERM (releasing its Lease) when disposed.
/// </summary>
public sealed class OperatorChildProcess : IOperatorUnderTest
{
    private const string Entry = "rotator.dll";
    private const string GcHeapMetric = "dotnet_gc_heap_bytes";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly HttpClient http;
    private readonly Uri metrics;
    private readonly ILogger output;
    private Task? exited;

    private OperatorChildProcess(Process process, Uri listen, OperatorOptions options, long startedAt, ILogger output)
    {
        this.process = process;
        this.output = output;
        metrics = new Uri(listen, "/metrics");
        http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Workers = options.Workers;
        Qps = options.Qps;
        Burst = options.Burst;
        StartedAt = startedAt;
        Mode = string.Create(CultureInfo.InvariantCulture, $"separate process (dotnet {Entry}, pid {process.Id})");
    }

    public string Mode { get; }

    public bool OwnProcess => true;

    public int Workers { get; }

    public double Qps { get; }

    public int Burst { get; }

    public long StartedAt { get; }

    /// <summary>Its resident set when <c>/metrics</c> first answered: the runtime and host are up, the informers just starting.</summary>
    public long RssBefore { get; private set; }

    /// <summary>Its <c>dotnet_gc_heap_bytes</c> in that first answer.</summary>
    public long ManagedBefore { get; private set; }

    /// <summary>False: from outside, the heap is what its <c>dotnet_gc_heap_bytes</c> says, garbage not yet collected included.</summary>
    public bool ManagedHeapSettled => false;

    /// <summary>Starts the operator and returns once its <c>/metrics</c> answers (or throws if it exits first).</summary>
    /// <param name="arguments">Its command line for a given <c>--listen</c> address (<see cref="OperatorArguments.Build"/>).</param>
    /// <param name="awsEndpoint">AWS_ENDPOINT_URL_SECRETS_MANAGER.</param>
    /// <param name="region">AWS_REGION.</param>
    /// <param name="podNamespace">POD_NAMESPACE, as the Downward API would set it.</param>
    /// <param name="logLevel">Its default log level (Logging:LogLevel:Default).</param>
    /// <param name="output">Where its output lines go, one log entry each.</param>
    /// <param name="cancellationToken">Stops waiting for it to answer.</param>
    /// <param name="cgroup">A memory cgroup to run it in (it moves itself in before the runtime starts), or null.</param>
    public static async Task<OperatorChildProcess> StartAsync(
        Func<Uri, IReadOnlyList<string>> arguments, Uri awsEndpoint, string region, string podNamespace, LogLevel logLevel, ILogger output, CancellationToken cancellationToken,
        MemoryCgroup? cgroup = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(awsEndpoint);
        ArgumentNullException.ThrowIfNull(output);
        var entry = Path.Combine(AppContext.BaseDirectory, Entry);
        if (!File.Exists(entry))
        {
            throw new FileNotFoundException($"{Entry} is not next to the benchmark (build bench/Rotator.Benchmarks, which references the operator)", entry);
        }

        var listen = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}"));
        var args = arguments(listen);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["POD_NAMESPACE"] = podNamespace,
            ["POD_NAME"] = OperatorArguments.LeaseName,
            ["AWS_REGION"] = region,
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = awsEndpoint.ToString(),
            ["ROTATOR_Logging__LogLevel__Default"] = logLevel.ToString(),
        };

        // The settings it will run with, read as it reads them (the defaults where the benchmark passed none).
        var environment = OperatorEnvironment.Of(variables, "/nonexistent/serviceaccount", OperatorArguments.LeaseName);
        var options = OperatorOptionsReader.Read(OperatorOptionsReader.BuildConfiguration(args, environment), environment);

        var info = new ProcessStartInfo(cgroup is null ? "dotnet" : "sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (cgroup is not null)
        {
            // The shell joins the cgroup and then becomes the operator (same pid), so every byte the runtime maps is charged there.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("echo $$ > \"$0\" && exec dotnet \"$@\"");
            info.ArgumentList.Add(cgroup.Procs);
        }

        info.ArgumentList.Add(entry);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Only what is set here configures it: the benchmark's own ROTATOR_* or AWS_* (a profile, real keys) must not.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("ROTATOR_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(output, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(output, e.Data);
        var startedAt = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new OperatorChildProcess(process, listen, options, startedAt, output);
        try
        {
            await child.WaitUntilServingAsync(cancellationToken);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public async Task<string> MetricsAsync(CancellationToken cancellationToken) => await http.GetStringAsync(metrics, cancellationToken);

    /// <summary>
    /// Polls <c>/readyz</c> until it answers 200 (informers synced, leader lease held) and returns the time from
    /// the process start, as a readiness probe would see it.
    /// </summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var readyz = new Uri(metrics, "/readyz");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw Gone();
            }

            try
            {
                using var response = await http.GetAsync(readyz, deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(StartedAt);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening (any more); the exit check above tells.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the operator's {readyz} did not answer 200 within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }

    /// <summary>Whether the process has ended (an OOM kill, a crash).</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Completes when the process ends, so a wait for its work can stop at once instead of at its timeout.</summary>
    public Task Exited => exited ??= process.WaitForExitAsync();

    public async Task<long> ManagedHeapAsync(CancellationToken cancellationToken) => GcHeap(await MetricsAsync(cancellationToken));

    public long RssNow() => ProcessMemory.Rss(process.Id) ?? throw Gone();

    public long RssPeak() => ProcessMemory.PeakRss(process.Id) ?? throw Gone();

    public TimeSpan CpuTime() => ProcessCpu.Of(process.Id) ?? throw Gone();

    /// <summary>SIGTERM, as Kubernetes stops a pod (the Lease is released); SIGKILL if it does not exit within a minute.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                using var stopped = new CancellationTokenSource(StopTimeout);
                try
                {
                    // Also waits for the last output lines to be forwarded.
                    await process.WaitForExitAsync(stopped.Token);
                }
                catch (OperationCanceledException)
                {
                    output.LogWarning("The operator (pid {Pid}) did not stop within {Timeout} of SIGTERM; killing it", process.Id, StopTimeout);
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            if (process.ExitCode != 0)
            {
                output.LogWarning("The operator (pid {Pid}) exited with code {ExitCode}", process.Id, process.ExitCode);
            }
        }
        finally
        {
            http.Dispose();
            process.Dispose();
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the operator exited at start with code {process.ExitCode} (its log above says why)");
            }

            try
            {
                try
                {
                    var text = await MetricsAsync(deadline.Token);
                    RssBefore = RssNow();
                    ManagedBefore = GcHeap(text);
                    return;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the operator's {metrics} did not answer within {StartTimeout}");
            }
        }
    }

    private long GcHeap(string exposition) =>
        (long)(MetricsText.Value(exposition, GcHeapMetric) ?? throw new InvalidOperationException($"the operator's {metrics} has no {GcHeapMetric}"));

    private InvalidOperationException Gone() => new($"the operator (pid {process.Id}) is gone: {(process.HasExited ? $"exit code {process.ExitCode}" : "its /proc entry cannot be read")}");

    private static void Forward(ILogger output, string? line)
    {
        if (line is not null)
        {
            output.LogInformation("{OperatorLine}", line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
