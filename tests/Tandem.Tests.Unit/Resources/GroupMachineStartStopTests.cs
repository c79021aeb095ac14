using Tandem.Resources.Agents;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Resources;

/// <summary>Start and stop order, start-up probes, failed starts and failed stops.</summary>
public class GroupMachineStartStopTests
{
    static readonly string[] Abc = ["a", "b", "c"];

    [Fact]
    public void Start_up_probes_every_resource_and_waits_for_membership()
    {
        var h = new GroupHarness(Abc);
        h.Send(new GroupInput.PeerChanged(PeerState.Unknown, null));
        h.Settle();
        Assert.Equal(["probe a", "probe b", "probe c"], h.Ops);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.Equal("stopped stopped stopped", h.Resources);
    }

    [Fact]
    public void Peer_dead_starts_left_to_right_and_shutdown_stops_right_to_left()
    {
        var h = new GroupHarness(Abc);
        h.Boot(PeerState.Dead);
        Assert.Equal(["probe a", "probe b", "probe c", "start a", "start b", "start c"], h.Ops);
        Assert.Equal(GroupState.Started, h.State);
        Assert.Equal([(GroupState.Stopped, GroupState.Starting), (GroupState.Starting, GroupState.Started)], h.States);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Started);

        h.ClearLog();
        h.Send(new GroupInput.Shutdown());
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.True(h.Machine.Quiescent);
        Assert.Equal(0, h.Offers); // nobody to offer it to
    }

    [Fact]
    public void The_owner_starts_the_group_when_both_are_up_and_the_other_node_waits()
    {
        var owner = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1");
        owner.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(GroupState.Started, owner.State);

        var other = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1");
        other.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(GroupState.Stopped, other.State);
        Assert.DoesNotContain(other.Ops, o => o.StartsWith("start"));
    }

    [Fact]
    public void Without_a_preferred_node_the_first_node_by_name_owns_the_group()
    {
        var h = new GroupHarness(Abc, node: "db-2", peer: "db-1");
        h.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(GroupState.Stopped, h.State);
        var first = new GroupHarness(Abc, node: "db-1", peer: "db-2");
        first.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(GroupState.Started, first.State);
    }

    [Fact]
    public void The_owner_does_not_start_a_group_the_peer_already_runs()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Started);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.Equal("g", h.Policy.Name);
    }

    [Fact]
    public void A_failed_start_stops_what_started_and_offers_the_group_to_the_peer()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Script = (kind, id) => kind == OperationKind.Start && id == "b" ? AgentResult.Failed("boom")
            : kind == OperationKind.Probe ? AgentResult.NotRunning() : AgentResult.Ok;
        h.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(["probe a", "probe b", "probe c", "start a", "start b", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.StartFailed && e.Text.Contains("b failed to start: boom"));
    }

    [Fact]
    public void A_failed_start_with_the_peer_dead_leaves_the_group_failed_until_takeover()
    {
        var h = new GroupHarness(Abc);
        var fail = true;
        h.Script = (kind, id) => kind == OperationKind.Start && id == "c" && fail ? AgentResult.TimedOut("start did not finish")
            : kind == OperationKind.Probe ? AgentResult.NotRunning() : AgentResult.Ok;
        h.Boot(PeerState.Dead);
        Assert.Equal(GroupState.Failed, h.State);
        Assert.Equal("stopped stopped stopped", h.Resources);
        Assert.Equal(0, h.Offers);
        Assert.Contains("c failed to start", h.Machine.Failure);

        fail = false;
        h.ClearLog();
        Assert.Null(h.Send(new GroupInput.Takeover()));
        h.Settle();
        Assert.Equal(["start a", "start b", "start c"], h.Ops);
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void A_failed_stop_is_retried_with_back_off_and_then_succeeds()
    {
        var h = new GroupHarness(Abc);
        h.Boot(PeerState.Dead);
        var failures = 2;
        h.Script = (kind, id) => kind == OperationKind.Stop && id == "b" && failures-- > 0 ? AgentResult.Failed("busy") : AgentResult.Ok;
        h.ClearLog();
        h.Send(new GroupInput.Shutdown());
        h.Settle();
        Assert.Equal(["stop c", "stop b"], h.Ops);
        Assert.Equal(GroupState.Stopping, h.State);
        h.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(2, h.Ops.Count); // back-off 2 s
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["stop c", "stop b", "stop b"], h.Ops);
        h.Advance(TimeSpan.FromSeconds(4)); // then 4 s
        Assert.Equal(["stop c", "stop b", "stop b", "stop b", "stop a"], h.Ops);
        Assert.Equal(GroupState.Stopped, h.State);
    }

    [Fact]
    public void A_stop_that_keeps_failing_is_escalated_never_treated_as_stopped()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Stopped);
        h.Script = (kind, id) => kind == OperationKind.Stop && id == "b" ? AgentResult.Failed("device busy") : AgentResult.Ok;
        h.ClearLog();
        Assert.Null(h.Send(new GroupInput.Standby()));
        h.Settle();
        h.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["stop c", "stop b", "stop b", "stop b", "stop b"], h.Ops); // 1 + 3 retries, a is never stopped under b
        Assert.Equal(GroupState.Failed, h.State);
        Assert.Equal("started failed stopped", h.Resources);
        Assert.Equal(0, h.Offers); // never handed over while b may still be active here
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.StopFailed && e.Text.StartsWith("FAILED: b failed to stop 4 times: device busy"));

        // Nothing moves it on its own: not the peer's death, not an offer.
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        h.Send(new GroupInput.PeerOffered());
        h.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(h.Ops);
        Assert.Equal(GroupState.Failed, h.State);
    }

    [Fact]
    public void After_cleanup_standby_tries_the_stops_again_from_scratch()
    {
        var h = new GroupHarness(Abc, preferred: "n1", stopRetries: 0);
        h.Boot(PeerState.Alive, GroupState.Stopped);
        var busy = true;
        h.Script = (kind, id) => kind == OperationKind.Stop && id == "c" && busy ? AgentResult.Failed("busy") : AgentResult.Ok;
        h.Send(new GroupInput.Standby());
        h.Settle();
        Assert.Equal(GroupState.Failed, h.State);
        busy = false;
        h.ClearLog();
        Assert.Null(h.Send(new GroupInput.Standby()));
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.Equal(GroupState.Stopped, h.State);
    }

    [Fact]
    public void Resources_found_running_at_start_up_are_stopped_when_the_peer_runs_the_group()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Script = (kind, id) => kind == OperationKind.Probe ? (id == "a" ? AgentResult.Ok : AgentResult.NotRunning()) : AgentResult.Ok;
        h.Boot(PeerState.Alive, GroupState.Started);
        Assert.Equal(["probe a", "probe b", "probe c", "stop a"], h.Ops);
        Assert.Equal(GroupState.Stopped, h.State);
    }

    [Fact]
    public void A_completion_nobody_asked_for_is_a_bug_not_a_no_op()
    {
        var h = new GroupHarness(Abc);
        h.Boot(PeerState.Dead);
        Assert.Throws<InvalidOperationException>(() => h.Send(new GroupInput.Completed(OperationKind.Start, 0, 99, AgentResult.Ok)));
        Assert.Throws<InvalidOperationException>(() => h.Send(new GroupInput.StopRetryDue(0, 1)));
    }

    [Fact]
    public void An_empty_group_follows_the_goal()
    {
        var h = new GroupHarness([]);
        h.Boot(PeerState.Dead);
        Assert.Equal(GroupState.Started, h.State);
        h.Send(new GroupInput.Shutdown());
        Assert.Equal(GroupState.Stopped, h.State);
    }
}
