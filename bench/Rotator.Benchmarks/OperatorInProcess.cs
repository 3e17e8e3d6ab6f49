using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Hosting;
using Rotator.Operator.Runtime.LeaderElection;
using Rotator.Operator.Metrics;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;

namespace Rotator.Benchmarks;

/// <summary>
/// The operator as it runs in its container (<see cref="OperatorHost.Build"/> and
/// <see cref="OperatorHost.RunAsync(WebApplication)"/>, the RotatingSecret controller registered by
/// <see cref="RotatingSecretsServiceCollectionExtensions.AddRotatingSecrets"/>), in this process so the
/// benchmark can read its memory and metrics. Only the arguments given here configure it (the process
/// environment is not consulted), AWS goes to the given endpoint with static credentials (moto takes any),
/// and its logs go where the benchmark says. Memory and CPU are the whole process's: the benchmark's
/// loader, watches and heap included.
/// </summary>
public sealed class OperatorInProcess : IOperatorUnderTest
{
    private readonly WebApplication app;
    private readonly Task<int> run;

    private OperatorInProcess(WebApplication app, Task<int> run, long startedAt, OperatorMemory before)
    {
        this.app = app;
        this.run = run;
        StartedAt = startedAt;
        RssBefore = before.Rss;
        ManagedBefore = before.ManagedHeap;
        var options = app.Services.GetRequiredService<OperatorOptions>();
        Workers = options.Workers;
        Qps = options.Qps;
        Burst = options.Burst;
        Metrics = app.Services.GetRequiredService<RotatorMetrics>();
    }

    public string Mode => "in this process";

    public bool OwnProcess => false;

    /// <summary>The settings in effect (the operator's defaults where the benchmark passed none).</summary>
    public int Workers { get; }

    public double Qps { get; }

    public int Burst { get; }

    public long StartedAt { get; }

    /// <summary>This process's resident set just before the operator was built (the benchmark's loader and clients included).</summary>
    public long RssBefore { get; }

    public long ManagedBefore { get; }

    /// <summary>True: <see cref="ManagedHeapAsync"/> collects fully first (<see cref="ProcessMemory.SettledManagedHeap"/>).</summary>
    public bool ManagedHeapSettled => true;

    /// <summary>The operator's own metrics, as <c>/metrics</c> serves them.</summary>
    public RotatorMetrics Metrics { get; }

    /// <summary>Builds and starts the operator; returns once the host started (or throws if it stopped at once).</summary>
    /// <param name="arguments">Command-line settings, as the operator's documentation lists them.</param>
    /// <param name="awsEndpoint">Where every AWS call goes.</param>
    /// <param name="region">Region for RotatingSecrets without one.</param>
    /// <param name="logging">Replaces the operator's log providers (its own write to standard output, which carries the benchmark's result).</param>
    /// <param name="before">This process's memory just before, when the caller measured it (after full collections); else read now, garbage included.</param>
    public static async Task<OperatorInProcess> StartAsync(
        IReadOnlyList<string> arguments, Uri awsEndpoint, string region, Action<ILoggingBuilder> logging, OperatorMemory? before = null)
    {
        ArgumentNullException.ThrowIfNull(logging);
        before ??= new OperatorMemory(ProcessMemory.Rss(), GC.GetTotalMemory(forceFullCollection: false));
        var startedAt = Stopwatch.GetTimestamp();
        var environment = OperatorEnvironment.Of(new Dictionary<string, string>(), "/nonexistent/serviceaccount", "rotator-bench");
        var app = OperatorHost.Build(arguments, environment, builder =>
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
            builder.Services.AddRotatingSecrets(
                new StaticAwsCredentialSource(new AwsCredentials("testing", "testing")),
                r => new AwsEndpointSettings { Region = r ?? region, EndpointUrl = awsEndpoint });
        });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(started.SetResult);
        var run = Task.Run(() => OperatorHost.RunAsync(app));

        // A host that fails early may stop before it ever reports started.
        await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromSeconds(60));
        if (run.IsCompleted)
        {
            var code = await run;
            await app.DisposeAsync();
            throw new InvalidOperationException($"the operator stopped at start with exit code {code} (its log says why)");
        }

        return new OperatorInProcess(app, run, startedAt, before);
    }

    public Task<string> MetricsAsync(CancellationToken cancellationToken) => Metrics.RenderAsync(cancellationToken);

    /// <summary>Leader terms this host won (<see cref="LeaseElector.Terms"/>): each one after the first followed a stand-down.</summary>
    public long LeaderTerms => app.Services.GetService<LeaseElector>()?.Terms ?? 0;

    public Task<long> ManagedHeapAsync(CancellationToken cancellationToken) => Task.FromResult(ProcessMemory.SettledManagedHeap());

    public long RssNow() => ProcessMemory.Rss();

    public long RssPeak() => ProcessMemory.PeakRss();

    public TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>A graceful stop, as on SIGTERM (the Lease is released); returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        return await run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!run.IsCompleted)
        {
            await StopAsync();
        }

        await app.DisposeAsync();
    }
}
