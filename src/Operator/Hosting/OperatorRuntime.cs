using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rotator.Kubernetes;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.LeaderElection;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Hosting;

/// <summary>
/// Runs the operator: checks the API server once (fail fast, with the reason), then runs the informers,
/// the event recorder and the extra <see cref="IOperatorLoop"/>s for the life of the process, and the
/// controllers' workers only while this process holds the leader Lease. Any of those loops ending
/// before shutdown is fatal: it is logged as critical and the application stops with exit code 1, so
/// Kubernetes restarts the pod rather than keeping a process that looks alive and does nothing.
/// </summary>
public sealed class OperatorRuntime : BackgroundService
{
    private readonly IServiceProvider services;
    private readonly OperatorOptions options;
    private readonly OperatorHealth health;
    private readonly RotatorMetrics metrics;
    private readonly IHostApplicationLifetime lifetime;
    private readonly IReadOnlyList<IControllerRegistration> registrations;
    private readonly IReadOnlyList<IOperatorLoop> extraLoops;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;

    public OperatorRuntime(
        IServiceProvider services,
        OperatorOptions options,
        OperatorHealth health,
        RotatorMetrics metrics,
        IHostApplicationLifetime lifetime,
        IEnumerable<IControllerRegistration> registrations,
        IEnumerable<IOperatorLoop> extraLoops,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        this.services = services;
        this.options = options;
        this.health = health;
        this.metrics = metrics;
        this.lifetime = lifetime;
        this.registrations = [.. registrations];
        this.extraLoops = [.. extraLoops];
        this.time = time;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<OperatorRuntime>();
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        health.Stopping();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation(
            "Rotator {Version} starting as {Identity}: leader election {LeaderElection} (Lease {LeaseNamespace}/{LeaseName}), watching {Namespaces}, health on {Listen}, config file {ConfigFile}",
            typeof(OperatorRuntime).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            options.Identity,
            options.LeaderElection ? "on" : "off",
            options.LeaseNamespace,
            options.LeaseName,
            options.Namespaces.IsDefaultOrEmpty ? "all namespaces" : string.Join(",", options.Namespaces),
            options.Listen,
            options.ConfigFile ?? "(none)");

        if (await ConnectAsync(stoppingToken) is not { } client)
        {
            return;
        }

        // Our own source of cancellation as well as the host's: a dying loop must stop the others at
        // once, not only when the host gets round to stopping this service.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var token = stopping.Token;
        List<ControllerInstance> built;
        EventRecorder recorder;
        LeaseElector? elector;
        try
        {
            var context = new ControllerBuildContext(client, options, services, time, loggerFactory);
            built = [.. registrations.SelectMany(r => r.Build(context))];
            recorder = services.GetRequiredService<EventRecorder>();
            elector = options.LeaderElection ? services.GetRequiredService<LeaseElector>() : null;
        }
#pragma warning disable CA1031 // A controller that cannot be built (a missing service, say) is a start-up failure like any other.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail($"cannot build the controllers: {Describe(e)}", e);
            return;
        }

        var controllers = built.Select(b => b.Controller).ToList();

        var loops = new List<(string Name, Task Task)>();
        foreach (var informer in built.Select(b => b.Informer))
        {
            loops.Add(($"informer {informer.Name}", Task.Run(() => informer.RunAsync(token), CancellationToken.None)));
        }

        loops.Add(("event recorder", Task.Run(() => recorder.RunAsync(token), CancellationToken.None)));
        foreach (var loop in extraLoops)
        {
            loops.Add((loop.Name, Task.Run(() => loop.RunAsync(token), CancellationToken.None)));
        }

        loops.Add(elector is null
            ? ("controllers", Task.Run(() => LeadAsync(controllers, token), CancellationToken.None))
            : ("leader election", Task.Run(() => elector.RunAsync(term => LeadAsync(controllers, term), token), CancellationToken.None)));
        health.Started([.. built.Select(b => b.Informer)], elector);
        logger.LogInformation(
            "Rotator running: {Informers} informers, {Controllers} controllers ({ControllerNames}), {Loops} loops in all",
            built.Count,
            controllers.Count,
            string.Join(", ", controllers.Select(c => c.Name)),
            loops.Count);

        try
        {
            var first = await Task.WhenAny(loops.Select(l => l.Task));
            if (!stoppingToken.IsCancellationRequested)
            {
                var name = loops.First(l => l.Task == first).Name;
                Fail($"{name} stopped unexpectedly", first.Exception?.GetBaseException());
                await stopping.CancelAsync();
            }

            await WindDownAsync(loops);
        }
        finally
        {
            foreach (var instance in built)
            {
                instance.Queue.Dispose();
            }
        }
    }

    /// <summary>The API client, once <c>/version</c> answered; null after reporting why not.</summary>
    private async Task<KubernetesApi?> ConnectAsync(CancellationToken stoppingToken)
    {
        try
        {
            var client = services.GetRequiredService<KubernetesApi>();
            var version = await client.GetVersionAsync(stoppingToken);
            logger.LogInformation(
                "Connected to the API server {Server} ({Source}): Kubernetes {KubernetesVersion}",
                client.Server.AbsoluteUri,
                client.Source,
                version.GitVersion);
            return client;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // Whatever stops the first call (configuration, TLS, credentials, network) ends the process with its reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail($"cannot use the Kubernetes API server: {Describe(e)}", null);
            return null;
        }
    }

    /// <summary>
    /// One term: <c>rotator_leader</c> is 1 from its start until <paramref name="term"/> ends. It drops to
    /// 0 the moment the term is cancelled (lease lost, shutdown), not when the workers have wound down:
    /// from then on another replica may take the Lease, and it alone should report 1.
    /// </summary>
    private async Task LeadAsync(List<IController> controllers, CancellationToken term)
    {
        metrics.Leading(true);
        using var stepDown = term.Register(() => metrics.Leading(false));
        try
        {
            await RunControllersAsync(controllers, term);
        }
        finally
        {
            metrics.Leading(false);
        }
    }

    /// <summary>
    /// Runs every controller until <paramref name="term"/> ends (shutdown, or leadership lost). A
    /// controller that stops by itself would leave its objects unreconciled while we keep the lease,
    /// so that is an error, which ends the leader election loop and with it the process.
    /// </summary>
    private async Task RunControllersAsync(List<IController> controllers, CancellationToken term)
    {
        if (controllers.Count == 0)
        {
            // Nothing to reconcile yet; hold the lease so a later controller finds the election in place.
            await Task.Delay(Timeout.InfiniteTimeSpan, time, term);
            return;
        }

        var runs = controllers.Select(c => (c.Name, Task: Task.Run(() => c.RunAsync(term), CancellationToken.None))).ToList();
        var first = await Task.WhenAny(runs.Select(r => r.Task));
        if (!term.IsCancellationRequested)
        {
            var name = runs.First(r => r.Task == first).Name;
            await first;
            throw new InvalidOperationException($"controller {name} stopped without being asked to");
        }

        await Task.WhenAll(runs.Select(r => r.Task));
    }

    private async Task WindDownAsync(List<(string Name, Task Task)> loops)
    {
        foreach (var (name, task) in loops)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // The expected end of a loop on shutdown.
            }
#pragma warning disable CA1031 // Shutting down: a loop failing now is reported, not rethrown over the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (health.Phase != OperatorPhase.Failed)
                {
                    logger.LogWarning(e, "{Loop} failed while stopping", name);
                }
            }
        }

        logger.LogInformation("Rotator stopped");
    }

    private void Fail(string reason, Exception? exception)
    {
        if (!health.Fail(reason))
        {
            return;
        }

        logger.LogCritical(exception, "Rotator cannot go on: {Reason}; stopping with exit code 1 so that it is restarted", reason);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    private static string Describe(Exception e)
    {
        // TLS and socket errors hide the useful part (certificate, refused connection) in inner exceptions.
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message, StringComparer.Ordinal))
            {
                messages.Add(current.Message);
            }
        }

        return string.Join(": ", messages);
    }
}
