using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Resources.Agents;
using Tandem.Resources.Groups;
using Tandem.Resources.Status;

namespace Tandem.Tests.Unit.Resources;

/// <summary>The runner around the machine: real agent calls (scripted), timeouts on a manual clock, status, commands.</summary>
public class GroupRunnerTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    readonly List<string> _journal = [];
    readonly ManualTimeProvider _time = new();
    readonly ScriptedPeer _peer = new();

    (GroupManager Manager, ScriptedAgent[] Agents) Make(params string[] ids)
    {
        var agents = ids.Select(id => new ScriptedAgent(id, _journal)).ToArray();
        var policy = new GroupPolicy { Name = "g", Node = "n1", Peer = "n2", Owner = "n1", Preferred = "n1", Resources = ids };
        var runner = new GroupRunner(new GroupMachine(policy), agents,
            new ResourceTimeouts(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)), _peer, _time, NullLogger.Instance);
        return (new GroupManager([runner], _peer), agents);
    }

    static async Task Until(Func<bool> condition, string what)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!condition())
        {
            Assert.False(cts.IsCancellationRequested, $"gave up waiting for {what}");
            await Task.Delay(10);
        }
    }

    string[] Journal()
    {
        lock (_journal)
            return [.. _journal];
    }

    [Fact]
    public async Task Runs_the_group_and_reports_it_in_the_status_shape_of_the_contract()
    {
        var (manager, _) = Make("IPaddr::10.0.0.5", "httpd");
        await using var _ = manager;
        manager.Start();
        _peer.Set(PeerState.Dead);
        await Until(() => manager.Status()[0].State == "started", "the group to start");
        Assert.Equal(["monitor IPaddr::10.0.0.5", "monitor httpd", "start IPaddr::10.0.0.5", "start httpd"], Journal());
        var status = Assert.Single(manager.Status());
        Assert.Equal(new GroupStatus("g", "n1", "started", status.Resources), status);
        Assert.Equal([new ResourceStatus("IPaddr::10.0.0.5", "started"), new ResourceStatus("httpd", "started")], status.Resources);
    }

    [Fact]
    public async Task A_start_that_hangs_past_its_timeout_fails_and_the_group_is_released()
    {
        var (manager, agents) = Make("a", "b");
        await using var _ = manager;
        var entered = new TaskCompletionSource();
        agents[1].Override = async (action, ct) =>
        {
            if (action != AgentAction.Start)
                return action == AgentAction.Stop ? AgentResult.Ok : AgentResult.NotRunning();
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // hung
            return AgentResult.Ok;
        };
        manager.Start();
        _peer.Set(PeerState.Alive, "g", GroupState.Stopped);
        await entered.Task.WaitAsync(Wait);
        Assert.Equal("starting", manager.Status()[0].State);
        _time.Advance(TimeSpan.FromSeconds(30));
        await Until(() => manager.Status()[0].State == "stopped", "the group to be released");
        Assert.Equal(["monitor a", "monitor b", "start a", "start b", "stop b", "stop a"], Journal());
        await Until(() => _peer.Requests.Contains("offer g"), "the offer to the peer");
    }

    [Fact]
    public async Task Monitors_follow_the_clock_and_a_dead_resource_is_restarted()
    {
        var (manager, agents) = Make("a", "b");
        await using var _ = manager;
        manager.Start();
        _peer.Set(PeerState.Dead);
        await Until(() => manager.Status()[0].State == "started", "the group to start");
        await Until(() => _time.PendingTimers >= 2, "the monitor timers");
        agents[0].Running = false; // a dies
        _time.Advance(TimeSpan.FromSeconds(10));
        await Until(() => Journal().Count(j => j == "start a") == 2 && manager.Status()[0].State == "started", "a to be restarted");
        Assert.Equal(["monitor a", "stop b", "stop a", "start a", "start b"], Journal().Skip(4));
    }

    [Fact]
    public async Task Commands_return_refusals_per_group()
    {
        var (manager, _) = Make("a");
        await using var _ = manager;
        manager.Start();
        _peer.Set(PeerState.Dead);
        await Until(() => manager.Status()[0].State == "started", "the group to start");
        Assert.Equal(["g: n2 is not alive; there is nobody to hand group g to"], await manager.StandbyAsync());
        Assert.Empty(await manager.SetMaintenanceAsync(true));
        Assert.True(manager.Status()[0].Maintenance);
    }

    [Fact]
    public async Task Shutdown_stops_the_group_and_offers_it_to_a_live_peer()
    {
        var (manager, _) = Make("a", "b");
        await using var _ = manager;
        manager.Start();
        _peer.Set(PeerState.Alive, "g", GroupState.Stopped);
        await Until(() => manager.Status()[0].State == "started", "the group to start");
        await manager.ShutdownAsync(CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(["stop b", "stop a"], Journal().TakeLast(2));
        await Until(() => _peer.Requests.Contains("offer g"), "the offer to the peer");
        Assert.Equal("stopped", manager.Status()[0].State);
    }

    [Fact]
    public async Task An_agent_that_throws_has_failed()
    {
        var agent = new ScriptedAgent("a", _journal) { Override = (_, _) => throw new IOException("disk gone") };
        var r = await AgentInvoker.InvokeAsync(agent, AgentAction.Monitor, TimeSpan.FromSeconds(5), _time, CancellationToken.None);
        Assert.Equal(AgentOutcome.Failed, r.Outcome);
        Assert.Contains("IOException: disk gone", r.Reason);
    }
}
