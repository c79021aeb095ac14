using Microsoft.Extensions.Logging;
using Tandem.Notifications;

namespace Tandem.Tests.Unit.Notifications;

/// <summary>Records what it is sent.</summary>
sealed class RecordingNotifier(string name = "recording") : INotifier
{
    readonly List<NotificationEvent> received = [];
    readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    public IReadOnlyList<NotificationEvent> Received
    {
        get { lock (received) return [.. received]; }
    }

    public Task FirstReceived => first.Task;

    public Task SendAsync(NotificationEvent notification, CancellationToken ct)
    {
        lock (received)
            received.Add(notification);
        first.TrySetResult();
        return Task.CompletedTask;
    }
}

/// <summary>Fails every delivery, synchronously or from a task.</summary>
sealed class FailingNotifier(bool synchronously) : INotifier
{
    public string Name => synchronously ? "fails at once" : "fails later";

    public Task SendAsync(NotificationEvent notification, CancellationToken ct) =>
        synchronously ? throw new InvalidOperationException("relay said no") : FailAsync();

    static async Task FailAsync()
    {
        await Task.Yield();
        throw new IOException("connection refused");
    }
}

/// <summary>Never finishes on its own: waits for <see cref="Release"/>, honouring cancellation unless told not to.</summary>
sealed class HangingNotifier(bool honoursCancellation = true) : INotifier
{
    readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly SemaphoreSlim entered = new(0);
    readonly List<NotificationEvent> received = [];

    public string Name => honoursCancellation ? "hangs" : "hangs and ignores cancellation";

    public IReadOnlyList<NotificationEvent> Received
    {
        get { lock (received) return [.. received]; }
    }

    /// <summary>Waits until a delivery has started.</summary>
    public Task EnteredAsync() => entered.WaitAsync(TimeSpan.FromSeconds(30));

    public void Release() => release.TrySetResult();

    public async Task SendAsync(NotificationEvent notification, CancellationToken ct)
    {
        lock (received)
            received.Add(notification);
        entered.Release();
        if (honoursCancellation)
            await release.Task.WaitAsync(ct);
        else
            await release.Task;
    }
}

sealed class ListLogger : ILogger
{
    readonly List<(int Id, string Text)> lines = [];

    public IReadOnlyList<(int Id, string Text)> Lines
    {
        get { lock (lines) return [.. lines]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
            lines.Add((eventId.Id, formatter(state, exception)));
    }

    public override string ToString() => string.Join("\n", Lines.Select(l => $"{l.Id} {l.Text}"));
}
