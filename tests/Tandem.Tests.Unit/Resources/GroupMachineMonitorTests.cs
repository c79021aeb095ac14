using Tandem.Resources.Agents;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Resources;

/// <summary>Monitors, restart in place, the restart threshold, a hung resource and the move to the peer.</summary>
public class GroupMachineMonitorTests
{
    static readonly string[] Abc = ["a", "b", "c"];
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    static GroupHarness Running(int maxRestarts = 3, PeerState peer = PeerState.Alive)
    {
        var h = new GroupHarness(Abc, preferred: "n1", maxRestarts: maxRestarts);
        h.Boot(peer, peer == PeerState.Alive ? GroupState.Stopped : null);
        Assert.Equal(GroupState.Started, h.State);
        h.ClearLog();
        return h;
    }

    /// <summary>b's monitor fails <paramref name="times"/> times (one per call of the script), everything else is fine.</summary>
    static void FailMonitorOfB(GroupHarness h, int times)
    {
        h.Script = (kind, id) =>
        {
            if (kind == OperationKind.Monitor && id == "b" && times > 0)
            {
                times--;
                return AgentResult.NotRunning("gone");
            }
            return AgentResult.Ok;
        };
    }

    [Fact]
    public void Monitors_run_on_their_interval_one_at_a_time()
    {
        var h = Running();
        h.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(h.Ops);
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["monitor a", "monitor b", "monitor c"], h.Ops);
        h.Advance(Interval);
        Assert.Equal(6, h.Ops.Count);
    }

    [Fact]
    public void A_resource_with_its_own_interval_is_monitored_on_it()
    {
        var h = new GroupHarness(Abc, preferred: "n1", monitorIntervals: [null, TimeSpan.FromSeconds(3)]);
        h.Boot(PeerState.Alive, GroupState.Stopped);
        h.ClearLog();
        h.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(["monitor b", "monitor b", "monitor b"], h.Ops);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["monitor b", "monitor b", "monitor b", "monitor a", "monitor c"], h.Ops);
    }

    [Fact]
    public void A_failing_resource_is_restarted_in_place_with_the_ones_after_it()
    {
        var h = Running();
        FailMonitorOfB(h, 1);
        h.Advance(Interval);
        Assert.Equal(["monitor a", "monitor b", "stop c", "stop b", "start b", "start c"], h.Ops); // c's monitor, due too, is stale
        Assert.Equal(GroupState.Started, h.State);
        Assert.Equal([GroupEventKind.ResourceFailed, GroupEventKind.Restarting, GroupEventKind.Recovered], h.Events.Select(e => e.Kind));
        Assert.Equal(0, h.Offers);
    }

    [Fact]
    public void Past_the_restart_threshold_the_group_moves_to_the_peer()
    {
        var h = Running(maxRestarts: 3);
        FailMonitorOfB(h, 4);
        for (var i = 0; i < 4; i++)
            h.Advance(Interval);
        Assert.Equal(3, h.Events.Count(e => e.Kind == GroupEventKind.Restarting));
        var move = Assert.Single(h.Events, e => e.Kind == GroupEventKind.Failover);
        Assert.Contains("b failed 4 times within 5m (max_restarts = 3); moving the group to n2", move.Text);
        Assert.Equal(["stop c", "stop b", "stop a"], h.Ops.TakeLast(3));
        Assert.Equal(1, h.Offers);
        Assert.Equal(GroupState.Stopped, h.State);

        // Given up here: the peer's death does not bring it back without an operator.
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        h.Settle();
        Assert.DoesNotContain(h.Ops, o => o.StartsWith("start"));
        Assert.Equal(GroupState.Failed, h.State);
    }

    [Fact]
    public void Restarts_older_than_the_window_do_not_count()
    {
        var h = Running(maxRestarts: 1);
        FailMonitorOfB(h, 1);
        h.Advance(Interval);
        Assert.Single(h.Events, e => e.Kind == GroupEventKind.Restarting);
        h.Advance(TimeSpan.FromMinutes(6));
        FailMonitorOfB(h, 1);
        h.Advance(Interval);
        Assert.Equal(2, h.Events.Count(e => e.Kind == GroupEventKind.Restarting));
        Assert.DoesNotContain(h.Events, e => e.Kind == GroupEventKind.Failover);
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void With_max_restarts_zero_the_first_failure_moves_the_group()
    {
        var h = Running(maxRestarts: 0);
        FailMonitorOfB(h, 1);
        h.Advance(Interval);
        Assert.Single(h.Events, e => e.Kind == GroupEventKind.Failover);
        Assert.Equal(1, h.Offers);
    }

    static void HangMonitorOfC(GroupHarness h) =>
        h.Script = (kind, id) => kind == OperationKind.Monitor && id == "c" ? AgentResult.TimedOut("monitor did not finish within 2s") : AgentResult.Ok;

    [Fact]
    public void A_hung_resource_moves_the_group_to_the_peer_without_a_restart_in_place()
    {
        var h = Running();
        HangMonitorOfC(h);
        h.Advance(Interval);
        Assert.Equal(["monitor a", "monitor b", "monitor c", "stop c", "stop b", "stop a"], h.Ops);
        Assert.Equal([GroupEventKind.ResourceFailed, GroupEventKind.Failover, GroupEventKind.Stopped, GroupEventKind.Info], h.Events.Select(e => e.Kind));
        var move = h.Events[1];
        Assert.Equal("c is hung: its monitor timed out (monitor did not finish within 2s); moving the group to n2 instead of restarting it in place", move.Text);
        Assert.Equal(["c: monitor did not finish within 2s"], h.Hung); // logged once, with the resource and the timeout
        Assert.DoesNotContain(h.Events, e => e.Kind == GroupEventKind.Restarting);
        Assert.Equal(1, h.Offers);
        Assert.Equal(GroupState.Stopped, h.State);
        Assert.Equal("stopped stopped stopped", h.Resources);

        // Given up here, like a resource past its restart threshold: the peer's death does not bring it back by itself.
        h.ClearLog();
        h.Send(new GroupInput.PeerChanged(PeerState.Dead, null));
        h.Settle();
        Assert.DoesNotContain(h.Ops, o => o.StartsWith("start"));
        Assert.Equal(GroupState.Failed, h.State);
        Assert.Contains("c hung", h.Machine.Failure);

        // An operator's takeover after fixing the cause starts it here again.
        h.Script = (_, _) => AgentResult.Ok;
        Assert.Null(h.Send(new GroupInput.Takeover()));
        h.Settle();
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void A_hung_resource_is_stopped_before_the_resources_left_of_it_and_the_offer_comes_last()
    {
        var h = Running();
        h.Script = (kind, id) => kind == OperationKind.Monitor && id == "b" ? AgentResult.TimedOut("no answer within 2s") : AgentResult.Ok;
        h.Advance(Interval);
        Assert.Equal(["monitor a", "monitor b", "stop c", "stop b", "stop a"], h.Ops); // c's due monitor is dropped
        Assert.Equal([(GroupState.Started, GroupState.Stopping), (GroupState.Stopping, GroupState.Stopped)], h.States);
        Assert.Equal(1, h.Offers);
    }

    [Fact]
    public void A_hung_resource_whose_stop_fails_keeps_the_group_here_failed_and_offers_nothing()
    {
        var h = Running();
        h.Script = (kind, id) => kind switch
        {
            OperationKind.Monitor when id == "c" => AgentResult.TimedOut("no answer within 2s"),
            OperationKind.Stop when id == "c" => AgentResult.Failed("still there after SIGKILL"),
            _ => AgentResult.Ok,
        };
        h.Advance(Interval);
        h.Advance(TimeSpan.FromMinutes(1)); // every stop retry
        Assert.Equal(GroupState.Failed, h.State);
        Assert.Equal(0, h.Offers); // never half-stopped on one node and started on the other
        Assert.DoesNotContain(h.Ops, o => o == "stop b");
    }

    [Fact]
    public void A_killed_resource_is_still_restarted_in_place()
    {
        var h = Running();
        FailMonitorOfB(h, 1);
        h.Advance(Interval);
        Assert.Empty(h.Hung);
        Assert.Equal(0, h.Offers);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Restarting);
        Assert.Equal(GroupState.Started, h.State);
    }

    [Theory]
    [InlineData(PeerState.Dead)]
    [InlineData(PeerState.Unknown)]
    public void A_hung_resource_is_restarted_in_place_when_no_live_peer_can_take_the_group(PeerState peer)
    {
        var h = Running(peer: PeerState.Dead);
        if (peer != PeerState.Dead)
            h.Send(new GroupInput.PeerChanged(peer, null));
        h.ClearLog();
        var hangs = 1;
        h.Script = (kind, id) => kind == OperationKind.Monitor && id == "c" && hangs-- > 0 ? AgentResult.TimedOut("no answer within 2s") : AgentResult.Ok;
        h.Advance(Interval);
        Assert.Empty(h.Hung);
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Info && e.Text.StartsWith("c is hung (no answer within 2s), but n2 is ", StringComparison.Ordinal));
        Assert.Contains(h.Events, e => e.Kind == GroupEventKind.Restarting);
        Assert.Equal(["monitor a", "monitor b", "monitor c", "stop c", "start c"], h.Ops);
        Assert.Equal(GroupState.Started, h.State);
    }

    [Fact]
    public void In_maintenance_a_hung_resource_is_only_reported()
    {
        var h = Running();
        h.Send(new GroupInput.Maintenance(true));
        h.ClearLog();
        HangMonitorOfC(h);
        h.Advance(Interval);
        Assert.Empty(h.Hung);
        Assert.Equal(0, h.Offers);
        Assert.DoesNotContain(h.Ops, o => o.StartsWith("stop"));
        Assert.Single(h.Events, e => e.Kind == GroupEventKind.ResourceFailed);
    }

    [Fact]
    public void A_monitor_scheduled_before_a_restart_is_stale_and_ignored()
    {
        var h = Running();
        FailMonitorOfB(h, 1);
        h.Advance(Interval); // restarts b and c; c's old monitor timer was for its previous run
        var ops = h.Ops.Count;
        h.Advance(Interval);
        Assert.Equal(["monitor a", "monitor b", "monitor c"], h.Ops.Skip(ops));
    }
}
