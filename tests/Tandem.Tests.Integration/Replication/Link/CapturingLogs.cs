using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>A logger factory that keeps every line (event id, level, text) for assertions.</summary>
internal sealed class CapturingLogs : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Text)> Lines { get; } = new();

    public IEnumerable<string> WithId(int id) => Lines.Where(l => l.Id == id).Select(l => l.Text);

    public bool Has(int id, string contains) => WithId(id).Any(t => t.Contains(contains, StringComparison.Ordinal));

    public override string ToString() => string.Join('\n', Lines.Select(l => $"{l.Id} {l.Level} {l.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
