using Tandem.Resources.Agents;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Resources;

/// <summary>Peer death, failback, standby/takeover, peer requests, maintenance mode.</summary>
public class GroupMachinePolicyTests
{
    static readonly string[] Abc = ["a", "b", "c"];

    [Fact]
    public void Peer_death_starts_the_group_here()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Started);
        Assert.Equal(GroupState.Stopped, h.State);
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        h.Settle();
        Assert.Equal(["start a", "start b", "start c"], h.Ops);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Failover && e.Text == "n1 is dead; taking the group over");
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void With_auto_failback_the_group_returns_to_its_preferred_node()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1", autoFailback: true);
        h.Boot(PeerState.Dead);
        Assert.Equal(GroupState.Started, h.State);
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Stopped));
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Handover && e.Text.Contains("auto_failback"));

        // The preferred node, offered the group, starts it.
        var preferred = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1", autoFailback: true);
        preferred.Boot(PeerState.Alive, GroupState.Started);
        Assert.Equal(GroupState.Stopped, preferred.State);
        preferred.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Stopped));
        preferred.Send(new GroupInput.PeerOffered());
        preferred.Settle();
        Assert.Equal(GroupState.Started, preferred.State);
    }

    [Fact]
    public void Without_auto_failback_the_group_stays_where_it_runs()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1", autoFailback: false);
        h.Boot(PeerState.Dead);
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Stopped));
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Equal(GroupState.Started, h.State);
        Assert.Equal(0, h.Offers);

        // and the preferred node, back, does not grab it
        var preferred = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1", autoFailback: false);
        preferred.Boot(PeerState.Alive, GroupState.Started);
        Assert.DoesNotContain(preferred.Ops, o => o.StartsWith("start"));
    }

    [Fact]
    public void Standby_hands_the_group_to_the_peer_and_is_refused_without_one()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Stopped);
        h.ClearLog();
        Assert.Null(h.Send(new GroupInput.Standby()));
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);

        // The peer runs it now; the owner does not take it back on the next report.
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Started));
        h.Settle();
        Assert.Equal(GroupState.Stopped, h.State);

        var alone = new GroupHarness(Abc);
        alone.Boot(PeerState.Dead);
        Assert.Equal("n2 is not alive; there is nobody to hand group g to", alone.Send(new GroupInput.Standby()));
        Assert.Equal(GroupState.Started, alone.State);
    }

    [Fact]
    public void Takeover_asks_the_peer_to_release_then_starts_here()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Started);
        h.ClearLog();
        Assert.Null(h.Send(new GroupInput.Takeover()));
        Assert.Equal(1, h.ReleaseRequests);
        Assert.Empty(h.Ops); // never both at once: wait for the peer
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Stopping));
        Assert.Empty(h.Ops);
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Stopped));
        h.Settle();
        Assert.Equal(["start a", "start b", "start c"], h.Ops);
    }

    [Fact]
    public void The_peer_asking_for_the_group_gets_it_released_and_offered()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Stopped);
        h.ClearLog();
        h.Send(new GroupInput.PeerAskedRelease());
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);

        // Asked again while already stopped: the offer is repeated at once.
        h.Send(new GroupInput.PeerAskedRelease());
        Assert.Equal(2, h.Offers);
    }

    [Fact]
    public void An_offer_this_node_cannot_take_leaves_the_group_failed_instead_of_bouncing()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Script = (kind, id) => kind == OperationKind.Start && id == "a" ? AgentResult.Failed("no") : kind == OperationKind.Probe ? AgentResult.NotRunning() : AgentResult.Ok;
        h.Boot(PeerState.Alive, GroupState.Stopped);
        Assert.Equal(1, h.Offers);
        h.ClearLog();
        h.Send(new GroupInput.PeerOffered()); // the peer could not run it either
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Equal(0, h.Offers);
        Assert.Equal(GroupState.Failed, h.State);
        Assert.Contains("could not run it either", h.Machine.Failure);
    }

    [Fact]
    public void When_both_nodes_run_the_group_the_one_that_does_not_own_it_stops()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1");
        h.Boot(PeerState.Dead);
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Started));
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(0, h.Offers);

        var owner = new GroupHarness(Abc, node: "n1", peer: "n2", preferred: "n1");
        owner.Boot(PeerState.Dead);
        owner.ClearLog();
        owner.Send(new GroupInput.PeerChanged(PeerState.Alive, GroupState.Started));
        owner.Settle();
        Assert.Empty(owner.Ops);
    }

    [Fact]
    public void Maintenance_stops_acting_but_keeps_reporting()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1");
        h.Boot(PeerState.Dead);
        h.ClearLog();
        h.Send(new GroupInput.Maintenance(true));
        h.Script = (kind, id) => kind == OperationKind.Monitor && id == "b" ? AgentResult.NotRunning("gone") : AgentResult.Ok;
        h.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["monitor a", "monitor b", "monitor c"], h.Ops);
        Assert.Equal("started failed started", h.Resources); // reported
        Assert.DoesNotContain(h.Ops, o => o.StartsWith("stop") || o.StartsWith("start")); // not acted on

        // Monitors keep running in maintenance, and see b come back.
        h.Script = (_, _) => AgentResult.Ok;
        h.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("started started started", h.Resources);

        // A failure seen in maintenance is acted on when it is turned off.
        h.Script = (kind, id) => kind == OperationKind.Monitor && id == "c" ? AgentResult.NotRunning("gone") : AgentResult.Ok;
        h.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("started started failed", h.Resources);
        h.ClearLog();
        h.Script = (_, _) => AgentResult.Ok;
        h.Send(new GroupInput.Maintenance(false));
        h.Settle();
        Assert.Equal(["stop c", "start c", "monitor a", "monitor b"], h.Ops);
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void In_maintenance_peer_death_and_requests_wait_until_it_is_turned_off()
    {
        var h = new GroupHarness(Abc, node: "n2", peer: "n1", preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Started);
        h.Send(new GroupInput.Maintenance(true));
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        h.Settle();
        Assert.Empty(h.Ops);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.True(h.Machine.Maintenance);
        h.Send(new GroupInput.Maintenance(false));
        h.Settle();
        Assert.Equal(["start a", "start b", "start c"], h.Ops);
    }

    [Fact]
    public void Shutdown_hands_the_group_to_a_live_peer()
    {
        var h = new GroupHarness(Abc, preferred: "n1");
        h.Boot(PeerState.Alive, GroupState.Stopped);
        h.ClearLog();
        h.Send(new GroupInput.Shutdown());
        h.Settle();
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal(1, h.Offers);
        Assert.True(h.Machine.Quiescent);
        h.Send(new GroupInput.PeerOffered());
        h.Settle();
        Assert.Equal(3, h.Ops.Count); // a stopping node takes nothing
    }
}
