using Microsoft.Extensions.Logging;

namespace Rotator.Operator.Tests;

/// <summary>One category's logger of a <see cref="TestOutputLoggerProvider"/>.</summary>
internal sealed class TaggedTestOutputLogger(Action<string> write, string tag, string category) : ILogger
{
    private readonly string shortCategory = category[(category.LastIndexOf('.') + 1)..];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            write($"{DateTime.UtcNow:HH:mm:ss.fff} [{tag}] {logLevel} {shortCategory}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
        }
    }
}
