using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Json;

namespace Rotator.Operator.Hosting;

/// <summary>
/// The process host: structured logs, health endpoints and (in later milestones) the controller.
/// A loop that dies must take the process down so Kubernetes restarts the pod instead of leaving
/// a live-looking operator that does nothing.
/// </summary>
internal static class OperatorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddEnvironmentVariables("ROTATOR_");
        var logFormat = builder.Configuration["Logging:Format"] ?? "plain";
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .Enrich.FromLogContext()
            .WriteTo.Console(logFormat == "json"
                ? new JsonFormatter(renderMessage: true)
                : new Serilog.Formatting.Display.MessageTemplateTextFormatter(
                    "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}"))
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.WebHost.UseUrls(builder.Configuration["Listen"] ?? "http://127.0.0.1:8080");

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => Results.Text("ok"));

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rotator.Operator");
        log.LogInformation("Rotator starting; kubeconfig {Kubeconfig}", Environment.GetEnvironmentVariable("KUBECONFIG") ?? "(in-cluster or ~/.kube/config)");
        try
        {
            await app.RunAsync();
            return 0;
        }
#pragma warning disable CA1031 // The host's last line of defence: log why, exit non-zero so the pod restarts.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogCritical(e, "Rotator stopped on an unhandled error");
            return 1;
        }
    }
}
