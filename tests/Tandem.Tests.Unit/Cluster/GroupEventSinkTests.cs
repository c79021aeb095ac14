using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cluster;
using Tandem.Daemon;
using Tandem.Notifications;
using Tandem.Resources.Agents;
using Tandem.Resources.Groups;
using Tandem.Tests.Unit.Notifications;
using Tandem.Tests.Unit.Resources;

namespace Tandem.Tests.Unit.Cluster;

public class GroupEventSinkTests
{
    static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 3, TimeSpan.Zero);
    static readonly Dictionary<string, IReadOnlyList<string>> Resources = new()
    {
        ["g"] = ["a", "ab", "c"],
    };

    static GroupEventSink Sink(EventJournal? journal = null, NotificationDispatcher? notify = null) =>
        new("db", "n2", "n1", Resources, journal ?? new EventJournal(TimeProvider.System), notify ?? NotificationDispatcher.None(NullLogger.Instance));

    static GroupEvent Event(GroupEventKind kind, string text) => new(At, "g", "n2", kind, text);

    [Fact]
    public void Taking_over_from_a_dead_peer_is_a_failover_to_this_node()
    {
        // The text comes from the real machine, so a change of its wording shows here.
        var h = new GroupHarness(["a", "b"], node: "n2", peer: "n1", preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Started);
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        var failover = h.Events.Single(e => e.Kind == GroupEventKind.Failover);

        var n = Sink().ToNotification(Event(failover.Kind, failover.Text));
        Assert.NotNull(n);
        Assert.Equal(NotificationKind.Failover, n.Kind);
        Assert.Equal("n2", n.Node);
        Assert.StartsWith("group g moved from n1 to n2: n1 is dead", n.Text);
    }

    [Fact]
    public void Giving_the_group_up_after_repeated_failures_is_a_failover_to_the_peer()
    {
        var h = new GroupHarness(["a"], node: "n2", peer: "n1", maxRestarts: 0);
        h.Boot(PeerState.Dead);
        h.Script = (kind, _) => kind == OperationKind.Monitor ? AgentResult.Failed("gone") : AgentResult.Ok;
        h.Advance(TimeSpan.FromSeconds(11));
        var failover = h.Events.Single(e => e.Kind == GroupEventKind.Failover);

        var n = Sink().ToNotification(Event(failover.Kind, failover.Text))!;
        Assert.Equal("n1", n.Node);
        Assert.StartsWith("group g moved from n2 to n1: ", n.Text);
    }

    [Theory]
    [InlineData(GroupEventKind.ResourceFailed, "ab failed its monitor: Failed: gone", "ab")]
    [InlineData(GroupEventKind.StartFailed, "a failed to start: no such file", "a")]
    [InlineData(GroupEventKind.StopFailed, "c failed to stop (attempt 1 of 4): busy; retrying in 2s", "c")]
    public void Resource_failures_name_the_resource(GroupEventKind kind, string text, string resource)
    {
        var n = Sink().ToNotification(Event(kind, text))!;
        Assert.Equal(NotificationKind.ResourceFailed, n.Kind);
        Assert.Equal(resource, n.Resource);
        Assert.Equal("g", n.Group);
        Assert.Equal(At, n.At);
    }

    [Fact]
    public void Recovery_is_reported_and_ordinary_events_are_not()
    {
        Assert.Equal(NotificationKind.Recovered, Sink().ToNotification(Event(GroupEventKind.Recovered, "running again on n2 after a restart in place"))!.Kind);
        foreach (var kind in new[] { GroupEventKind.Started, GroupEventKind.Stopped, GroupEventKind.Restarting, GroupEventKind.Handover, GroupEventKind.Info })
            Assert.Null(Sink().ToNotification(Event(kind, "x")));
    }

    [Fact]
    public async Task Every_event_goes_to_the_journal_and_notifications_to_the_notifiers()
    {
        var journal = new EventJournal(TimeProvider.System);
        var recorder = new RecordingNotifier();
        await using var notify = new NotificationDispatcher([recorder], TimeSpan.FromSeconds(5), NullLogger.Instance);
        var sink = Sink(journal, notify);
        sink.Handle(Event(GroupEventKind.Started, "started on n2"));
        sink.Handle(Event(GroupEventKind.ResourceFailed, "a failed its monitor: Failed: gone"));
        await notify.WhenIdleAsync();
        Assert.Equal(["group g on n2: started on n2", "group g on n2: a failed its monitor: Failed: gone"], journal.Snapshot().Select(e => e.Text));
        Assert.Equal("a", Assert.Single(recorder.Received).Resource);
    }
}
