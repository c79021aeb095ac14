using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Resources;

/// <summary>auto_failback waits for the returning node's data; takeover is refused on data that is not UpToDate.</summary>
public class GroupMachineFailbackTests
{
    static readonly string[] Abc = ["a", "volume::r0", "c"];

    static GroupHarness RunningOnN2(bool autoFailback)
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1", autoFailback: autoFailback);
        h.Boot(PeerState.Dead);
        Assert.Equal(GroupState.Started, h.State);
        h.ClearLog();
        return h;
    }

    static GroupInput.PeerChanged Back(string? notReady) =>
        new(PeerState.Alive, GroupState.Stopped) { PeerDataNotReady = notReady };

    [Fact]
    public void Failback_waits_while_the_peer_resyncs_and_happens_once_its_data_is_UpToDate()
    {
        var h = RunningOnN2(autoFailback: true);
        h.Send(Back("r0 on n1 is SyncTarget, 12.5% done"));
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Equal(GroupState.Started, h.State);
        Assert.Equal(0, h.Offers);
        Assert.Equal("r0 on n1 is SyncTarget, 12.5% done", h.Machine.FailbackWait);
        var wait = Assert.Single(h.Events);
        Assert.Equal(GroupEventKind.Info, wait.Kind);
        Assert.Contains("until the resync is done", wait.Text);

        // Progress updates the wait without new events; Inconsistent is not ready either.
        h.Send(Back("r0 on n1 is SyncTarget, 80.0% done"));
        h.Send(Back("r0 on n1 is Inconsistent"));
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Single(h.Events);
        Assert.Equal("r0 on n1 is Inconsistent", h.Machine.FailbackWait);

        h.Send(Back(null));
        h.Settle();
        Assert.Equal(["stop c", "stop volume::r0", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.Null(h.Machine.FailbackWait);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Handover && e.Text == "n1's data is UpToDate (auto_failback): handing the group back");
    }

    [Fact]
    public void Failback_of_a_peer_whose_data_is_ready_at_once_is_immediate()
    {
        var h = RunningOnN2(autoFailback: true);
        h.Send(Back(null));
        h.Settle();
        Assert.Equal(["stop c", "stop volume::r0", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Handover && e.Text.Contains("is back and preferred (auto_failback)"));
    }

    [Fact]
    public void A_peer_that_never_becomes_UpToDate_never_gets_the_group_back()
    {
        var h = RunningOnN2(autoFailback: true);
        h.Send(Back("r0 on n1 is Outdated"));
        for (var i = 0; i < 10; i++)
        {
            h.Advance(TimeSpan.FromSeconds(30)); // monitors run; nothing moves
            h.Send(Back("r0 on n1 is Outdated"));
            h.Settle();
        }
        Assert.DoesNotContain(h.Ops, o => o.StartsWith("stop"));
        Assert.Equal(0, h.Offers);
        Assert.Equal(GroupState.Started, h.State);

        // The peer dies and comes back ready: failback is due again (a new join), and happens.
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        Assert.Null(h.Machine.FailbackWait);
        h.Send(Back(null));
        h.Settle();
        Assert.Equal(1, h.Offers);
    }

    [Fact]
    public void Without_auto_failback_readiness_changes_nothing()
    {
        var h = RunningOnN2(autoFailback: false);
        h.Send(Back("r0 on n1 is SyncTarget, 1.0% done"));
        h.Send(Back(null));
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Equal(0, h.Offers);
        Assert.Null(h.Machine.FailbackWait);
        Assert.Empty(h.Events);
    }

    [Fact]
    public void Standby_while_failback_waits_ends_the_wait()
    {
        var h = RunningOnN2(autoFailback: true);
        h.Send(Back("r0 on n1 is SyncTarget, 5.0% done"));
        Assert.Null(h.Send(new GroupInput.Standby()));
        h.Settle();
        Assert.Equal(1, h.Offers);
        Assert.Null(h.Machine.FailbackWait);
    }

    [Fact]
    public void Takeover_on_data_that_is_not_UpToDate_is_refused_unless_forced()
    {
        var h = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1", autoFailback: true);
        h.Boot(PeerState.Alive, GroupState.Started);
        h.ClearLog();
        var refusal = h.Send(new GroupInput.Takeover { LocalDataNotReady = "r0 is Inconsistent, SyncTarget 40.0% done" });
        Assert.NotNull(refusal);
        Assert.Contains("not UpToDate on n1 (r0 is Inconsistent, SyncTarget 40.0% done)", refusal);
        Assert.Contains("--force", refusal);
        Assert.Equal(0, h.ReleaseRequests);
        Assert.Empty(h.Ops);

        Assert.Null(h.Send(new GroupInput.Takeover { LocalDataNotReady = "r0 is Inconsistent", Force = true }));
        Assert.Equal(1, h.ReleaseRequests);

        // Ready data: an ordinary takeover.
        var ready = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1");
        ready.Boot(PeerState.Alive, GroupState.Started);
        Assert.Null(ready.Send(new GroupInput.Takeover()));
        Assert.Equal(1, ready.ReleaseRequests);
    }

    [Fact]
    public void Takeover_of_a_group_already_running_here_is_not_refused()
    {
        var h = RunningOnN2(autoFailback: false);
        Assert.Null(h.Send(new GroupInput.Takeover { LocalDataNotReady = "r0 is Consistent" }));
    }
}
