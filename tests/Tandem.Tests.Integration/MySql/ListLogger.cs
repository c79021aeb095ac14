using Microsoft.Extensions.Logging;

namespace Tandem.Tests.Integration.MySql;

/// <summary>Keeps log lines in memory so a test can show them when it fails and assert on them.</summary>
sealed class ListLogger : ILogger
{
    readonly List<string> lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (lines) return [.. lines]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
            lines.Add($"{logLevel} {eventId.Id} {formatter(state, exception)}");
    }

    public override string ToString() => string.Join("\n", Lines);
}
