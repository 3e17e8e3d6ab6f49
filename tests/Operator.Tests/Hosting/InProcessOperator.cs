using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Hosting;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>
/// The real operator host, built by <see cref="OperatorHost.Build"/> and run by <see cref="OperatorHost.RunAsync(WebApplication)"/>
/// inside the test process, against a test bed API server. Health is served on a free loopback port.
/// The process environment is not consulted: only the arguments given here configure it.
/// </summary>
internal sealed class InProcessOperator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Task<int> run;

    private InProcessOperator(WebApplication app, Task<int> run, string identity, OperatorHealth health)
    {
        this.app = app;
        this.run = run;
        Identity = identity;
        Health = health;
        Http = new HttpClient { BaseAddress = Address(app), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Identity { get; }

    public HttpClient Http { get; }

    /// <summary>The host's services, to reach what the operator built (its event recorder, its clients).</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The host's health state; still readable after the host stopped and disposed its services.</summary>
    public OperatorHealth Health { get; }

    /// <summary>The exit code <see cref="OperatorHost.RunAsync(WebApplication)"/> returned, once the host stopped.</summary>
    public Task<int> Completion => run;

    public static async Task<InProcessOperator> StartAsync(
        KubeServer kube, string leaseNamespace, string leaseName, string identity, Action<WebApplicationBuilder>? configure = null, params string[] extraArgs)
    {
        string[] args =
        [
            "--kubeconfig", kube.AdminKubeconfig,
            "--listen", "http://127.0.0.1:0",
            "--lease-namespace", leaseNamespace,
            "--lease-name", leaseName,
            "--identity", identity,
            .. extraArgs,
        ];
        var environment = OperatorEnvironment.Of(new Dictionary<string, string>(), "/nonexistent/serviceaccount");
        var app = OperatorHost.Build(args, environment, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new TestOutputLoggerProvider(identity));
            configure?.Invoke(builder);
        });
        // Resolved before the run: a host that fails at once has disposed its services by the time it is asked (CI once saw that).
        var health = app.Services.GetRequiredService<OperatorHealth>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = app.Lifetime.ApplicationStarted.Register(started.SetResult);
        var run = Task.Run(() => OperatorHost.RunAsync(app));
        // A host that fails early may stop before it ever reports started; Completion tells.
        await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromSeconds(60));
        return new InProcessOperator(app, run, identity, health);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    /// <summary>A graceful stop, as on SIGTERM; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        app.Lifetime.StopApplication();
        return await run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!run.IsCompleted)
        {
            await StopAsync();
        }

        Http.Dispose();
        await app.DisposeAsync();
    }

    private static Uri? Address(WebApplication app)
    {
        try
        {
            return app.Urls.FirstOrDefault() is { } url ? new Uri(url) : null;
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and disposed: there is nothing to ask.
            return null;
        }
    }
}
