using Microsoft.Extensions.Time.Testing;
using Tandem.Notifications;

namespace Tandem.Tests.Unit.Notifications;

public sealed class NotificationDispatcherTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    readonly ListLogger log = new();
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    static NotificationEvent Event(int n = 1) =>
        NotificationEvent.ResourceFailed("db", "a", "mysql", "mysql::/etc/mysql/my.cnf", $"failure {n}", DateTimeOffset.UnixEpoch);

    NotificationDispatcher Dispatcher(params INotifier[] notifiers) => new(notifiers, Timeout, log, clock, queueCapacity: 2);

    [Fact]
    public async Task Every_notifier_gets_every_event()
    {
        var a = new RecordingNotifier("a");
        var b = new RecordingNotifier("b");
        await using var d = Dispatcher(a, b);
        d.Publish(Event(1));
        d.Publish(Event(2));
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Equal([Event(1), Event(2)], a.Received);
        Assert.Equal([Event(1), Event(2)], b.Received);
        Assert.Equal([new NotifierCounters("a", 2, 0, 0), new NotifierCounters("b", 2, 0, 0)], d.Counters);
        Assert.Equal(2, log.Lines.Count(l => l.Id == 2101 && l.Text.StartsWith("notified a: resource_failed", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(true, "relay said no")]
    [InlineData(false, "connection refused")]
    public async Task A_failing_notifier_is_logged_and_does_not_stop_the_others(bool synchronously, string reason)
    {
        var failing = new FailingNotifier(synchronously);
        var good = new RecordingNotifier();
        await using var d = Dispatcher(failing, good);
        d.Publish(Event());
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Single(good.Received);
        Assert.Equal(1, d.Counters[0].Failed);
        Assert.Contains(log.Lines, l => l.Id == 2102 && l.Text.Contains(reason, StringComparison.Ordinal) && l.Text.Contains(failing.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_hanging_notifier_is_given_up_after_the_timeout_and_the_next_event_goes_out(bool honoursCancellation)
    {
        var hanging = new HangingNotifier(honoursCancellation);
        var good = new RecordingNotifier();
        await using var d = Dispatcher(hanging, good);
        d.Publish(Event(1));
        await hanging.EnteredAsync();
        await good.FirstReceived.WaitAsync(Guard);

        clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(log.Lines, l => l.Id == 2103);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        d.Publish(Event(2));
        await hanging.EnteredAsync();
        Assert.Contains(log.Lines, l => l.Id == 2103 && l.Text.Contains("within 10s", StringComparison.Ordinal));
        hanging.Release();
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Equal(new NotifierCounters(hanging.Name, 1, 1, 0), d.Counters[0]);
        Assert.Equal([Event(1), Event(2)], hanging.Received);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_event()
    {
        var hanging = new HangingNotifier();
        await using var d = Dispatcher(hanging);
        d.Publish(Event(1));
        await hanging.EnteredAsync();
        for (var i = 2; i <= 5; i++)
            d.Publish(Event(i));
        Assert.Equal(2, d.Counters[0].Dropped);
        Assert.Equal(2, log.Lines.Count(l => l.Id == 2104));
        hanging.Release();
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Equal([Event(1), Event(4), Event(5)], hanging.Received);
    }

    [Fact]
    public async Task Dispose_gives_up_on_a_notifier_that_never_returns()
    {
        var hanging = new HangingNotifier(honoursCancellation: false);
        var d = new NotificationDispatcher([hanging], TimeSpan.FromMilliseconds(50), log);
        d.Publish(Event(1));
        d.Publish(Event(2));
        await hanging.EnteredAsync();
        await d.DisposeAsync().AsTask().WaitAsync(Guard);
        d.Publish(Event(3));
        Assert.Contains(log.Lines, l => l.Id == 2105 && l.Text.Contains("failure 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_notifiers_is_fine()
    {
        await using var d = NotificationDispatcher.None(log);
        d.Publish(Event());
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Empty(d.Counters);
        Assert.Empty(log.Lines);
    }
}
