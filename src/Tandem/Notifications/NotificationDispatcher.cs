using Microsoft.Extensions.Logging;

namespace Tandem.Notifications;

/// <summary>
/// Fans every event out to all notifiers in the background. <see cref="Publish"/> never blocks and never throws:
/// each notifier has its own bounded queue and worker, so a slow mail relay delays neither the caller (a failover)
/// nor the webhook. A delivery is given up after the timeout; a full queue drops its oldest event. Every failure
/// is logged, nothing more.
/// </summary>
public sealed partial class NotificationDispatcher : IAsyncDisposable
{
    /// <summary>Events queued per notifier before the oldest is dropped.</summary>
    public const int DefaultQueueCapacity = 64;

    readonly Worker[] workers;
    readonly ILogger log;
    readonly TimeProvider time;
    readonly TimeSpan timeout;
    readonly CancellationTokenSource shutdown = new();
    int disposed;

    public NotificationDispatcher(IReadOnlyList<INotifier> notifiers, TimeSpan timeout, ILogger log, TimeProvider? time = null,
        int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        this.log = log;
        this.time = time ?? TimeProvider.System;
        this.timeout = timeout;
        workers = [.. notifiers.Select(n => new Worker(this, n, queueCapacity))];
        if (workers.Length > 0)
            log.Configured(workers.Length, string.Join("; ", notifiers.Select(n => n.Name)));
        foreach (var w in workers)
            w.Start();
    }

    /// <summary>A dispatcher with no notifiers: <see cref="Publish"/> does nothing.</summary>
    public static NotificationDispatcher None(ILogger log) => new([], TimeSpan.FromSeconds(1), log);

    /// <summary>Per notifier: delivered, failed (error or timeout) and dropped events.</summary>
    public IReadOnlyList<NotifierCounters> Counters => [.. workers.Select(w => w.Counters)];

    /// <summary>Queues <paramref name="notification"/> for every notifier and returns at once.</summary>
    public void Publish(NotificationEvent notification)
    {
        foreach (var w in workers)
        {
            try
            {
                w.Enqueue(notification);
            }
            catch (Exception e)
            {
                log.SendFailed(w.Name, notification.Text, e.Message);
            }
        }
    }

    /// <summary>Completes when every queued event has been delivered, failed or dropped.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(workers.Select(w => w.Idle));

    /// <summary>
    /// Stops taking events and gives the queued ones up to one timeout to go out; what is left is logged as not
    /// sent. Never throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        foreach (var w in workers)
            w.Complete();
        var all = Task.WhenAll(workers.Select(w => w.Running));
        try
        {
            await all.WaitAsync(timeout, time);
        }
        catch (TimeoutException)
        {
        }
        await shutdown.CancelAsync();
        try
        {
            await all.WaitAsync(timeout, time);
        }
        catch (TimeoutException)
        {
        }
        shutdown.Dispose();
    }
}

/// <summary>What one notifier has done since start.</summary>
public readonly record struct NotifierCounters(string Name, long Sent, long Failed, long Dropped);
