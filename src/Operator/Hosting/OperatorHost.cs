using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Metrics;
using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Rotator.Operator.Hosting;

/// <summary>
/// The process: options, structured logs, the <see cref="OperatorRuntime"/>, and <c>/healthz</c>,
/// <c>/readyz</c> and <c>/metrics</c> (Prometheus text format) on a slim web host. Exit codes: 0 after a graceful stop, 1 when the runtime failed
/// (no API server, a loop died), 2 for invalid settings.
/// </summary>
internal static class OperatorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args, configure: builder => builder.Services.AddRotatingSecrets());
        }
        catch (OperatorConfigurationException e)
        {
            // No logger yet: its format is one of the settings that could not be read.
            await Console.Error.WriteLineAsync($"rotator: invalid configuration: {e.Message}");
            return 2;
        }

        await using (app)
        {
            return await RunAsync(app);
        }
    }

    /// <summary>
    /// Builds the host. <paramref name="configure"/> runs after the operator's own services are
    /// registered: controllers are added there (<see cref="OperatorServiceCollectionExtensions.AddController{T}"/>).
    /// </summary>
    public static WebApplication Build(IReadOnlyList<string> args, OperatorEnvironment? environment = null, Action<WebApplicationBuilder>? configure = null)
    {
        environment ??= OperatorEnvironment.Current;
        var configuration = OperatorOptionsReader.BuildConfiguration(args, environment);
        var options = OperatorOptionsReader.Read(configuration, environment);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "rotator" });

        // Only our sources: no appsettings.json from the working directory, no unprefixed variables.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        // AddProvider, not AddSerilog: AddSerilog adds a provider-wide Trace rule that would override
        // every Logging:LogLevel setting and the filter below.
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddProvider(new SerilogLoggerProvider(CreateSerilog(options.LogFormat), dispose: true));
        builder.WebHost.UseUrls(options.Listen);

        builder.Services.AddOperatorRuntime(options);

        // Controllers are added here, one AddController call each, e.g.:
        // builder.Services.AddController(ResourceTypes.RotatingSecrets, services => new RotatingSecretReconciler(...));
        configure?.Invoke(builder);

        var app = builder.Build();
        var health = app.Services.GetRequiredService<OperatorHealth>();
        app.MapGet("/healthz", () => Respond(health.Liveness()));
        app.MapGet("/readyz", () => Respond(health.Readiness()));
        var metrics = app.Services.GetRequiredService<RotatorMetrics>();
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = RotatorMetrics.ContentType;
            await metrics.ExportAsync(context.Response.Body, context.RequestAborted);
        });
        return app;
    }

    /// <summary>Runs until the host stops (SIGTERM, or the runtime giving up); returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var health = app.Services.GetRequiredService<OperatorHealth>();
        try
        {
            await app.RunAsync();
        }
#pragma warning disable CA1031 // The host's last line of defence: log why, exit non-zero so the pod restarts.
        catch (Exception e)
#pragma warning restore CA1031
        {
            app.Logger.LogCritical(e, "Rotator stopped on an unhandled error");
            Environment.ExitCode = 1;
            return 1;
        }

        return health.Phase == OperatorPhase.Failed ? 1 : 0;
    }

    private static IResult Respond(HealthReport report) =>
        Results.Text(report.Detail + "\n", "text/plain", statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private static Serilog.Core.Logger CreateSerilog(LogFormat format)
    {
        ITextFormatter formatter = format == LogFormat.Json
            ? new JsonFormatter(renderMessage: true)
            : new MessageTemplateTextFormatter("{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Resource}{Message:lj}{NewLine}{Exception}", System.Globalization.CultureInfo.InvariantCulture);

        // Levels are filtered by Microsoft.Extensions.Logging (Logging:LogLevel:<category>), so Serilog passes everything on.
        return new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Enrich.FromLogContext()
            .Enrich.With(new ResourceEnricher())
            .WriteTo.Console(formatter)
            .CreateLogger();
    }
}
