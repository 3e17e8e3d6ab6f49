using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>Every log line of the loggers it hands out, at every level, with exceptions in full, so a test can search them for secrets.</summary>
internal sealed class CapturedLogs
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public string Text => string.Join('\n', lines);

    public ILogger<T> For<T>() => new Logger<T>(this);

    private sealed class Logger<T>(CapturedLogs sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a sink that writes them as JSON fields would show them.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            sink.lines.Enqueue($"{logLevel} {typeof(T).Name}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
