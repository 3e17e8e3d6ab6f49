using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.Benchmarks;

/// <summary>
/// A log provider for the in-process operator that notes when each rotation ended: the rotation runner logs
/// "<c>{Strategy} rotation {VersionId} of {SecretId}: {Result} ...</c>" as soon as the engine returns, i.e.
/// right after finishSecret moved AWSCURRENT. Only the structured SecretId and Result are read; no
/// message is formatted or kept. Register it with <see cref="Register"/>, which lets the reconciler's
/// Information lines through to this provider alone.
/// </summary>
public sealed class RotationFinishLog : ILoggerProvider, ILogger
{
    private static readonly string Category = typeof(RotationRunner).FullName!;

    private readonly ConcurrentDictionary<string, long> finished = new(StringComparer.Ordinal);

    /// <summary>SecretId → <see cref="Stopwatch"/> timestamp of its first successful rotation's log line.</summary>
    public IReadOnlyDictionary<string, long> Finished => finished;

    public void Register(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddProvider(this);
        logging.AddFilter<RotationFinishLog>(Category, LogLevel.Information);
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel != LogLevel.Information || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            return;
        }

        var at = Stopwatch.GetTimestamp();
        string? secretId = null;
        string? result = null;
        foreach (var (key, value) in fields)
        {
            if (key == "SecretId")
            {
                secretId = value?.ToString();
            }
            else if (key == "Result")
            {
                result = value?.ToString();
            }
        }

        if (secretId is not null && result == "Succeeded")
        {
            finished.TryAdd(secretId, at);
        }
    }

    public void Dispose()
    {
        // Nothing held.
    }
}
