using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tandem.Tests.Integration.Notifications;
using Xunit.Abstractions;

namespace Tandem.Tests.Integration.Cluster;

/// <summary>
/// Two real daemons on loopback run a group of real agents (OCF Dummy and a Heartbeat-style script): preferred
/// node, node death, standby and takeover, initdead, restart in place then failover, maintenance mode.
/// </summary>
public class GroupFailoverDaemonTests(ITestOutputHelper output)
{
    static string Where(JsonElement s) => GroupCluster.Where(s);

    /// <summary>Waits for a webhook POST of <paramref name="kind"/> and returns its JSON.</summary>
    static JsonElement Notified(WebhookListener hook, string kind, Func<JsonElement, bool>? also = null)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var hit = hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())
                .FirstOrDefault(j => j.GetProperty("kind").GetString() == kind && (also is null || also(j)));
            if (hit.ValueKind != JsonValueKind.Undefined)
                return hit;
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), $"no {kind} notification; got: {string.Join("\n", hook.Requests.Select(r => r.Body))}");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void The_group_runs_on_the_preferred_node_and_moves_when_that_daemon_is_killed()
    {
        Assert.True(File.Exists("/usr/lib/ocf/resource.d/heartbeat/Dummy"), "install resource-agents (scripts/lib/deps.sh)");
        using var hook = new WebhookListener();
        using var c = new GroupCluster(extra: $"[notify]\nwebhook = \"{hook.Url("/tandem")}\"");
        c.Start("alpha");
        c.Start("beta");
        c.WaitStartedOn("alpha", "the group runs on its preferred node");

        var a = c.Status("alpha");
        var group = GroupCluster.GroupIn(a);
        Assert.All(group.GetProperty("resources").EnumerateArray(), r => Assert.Equal("started", r.GetProperty("state").GetString()));
        Assert.Equal("ocf:heartbeat:Dummy", group.GetProperty("resources")[0].GetProperty("id").GetString());
        Assert.True(c.ScriptRunsOn("alpha"));
        Assert.False(c.ScriptRunsOn("beta"));
        Assert.DoesNotContain(c.Actions(), l => l.StartsWith("beta web web start", StringComparison.Ordinal));
        Assert.Contains("alpha web web start", c.Actions()); // TANDEM_NODE and TANDEM_GROUP reached the agent
        Assert.Contains(GroupCluster.Events(a), e => e == "group web on alpha: started on alpha");
        var table = c.Cli("alpha", "status");
        Assert.Equal(0, table.Exit);
        Assert.Matches(@"GROUPS\n\s+web\s+started\s+on alpha", table.Out);

        var kill = Stopwatch.StartNew();
        c.KillHard("alpha");
        var b = c.WaitFor("beta", s => Where(s) == "started on beta", "the group runs on beta after alpha's death");
        output.WriteLine($"group started on beta {kill.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after kill -9 of alpha (deadtime 2 s)");
        Assert.Equal("dead", GroupCluster.NodeState(b, "alpha"));
        Assert.Contains(GroupCluster.Events(b), e => e == "group web on beta: alpha is dead; taking the group over");
        Assert.True(c.ScriptRunsOn("beta"));
        var failover = Notified(hook, "failover");
        Assert.Equal("beta", failover.GetProperty("node").GetString());
        Assert.Equal("group web moved from alpha to beta: alpha is dead; taking the group over", failover.GetProperty("text").GetString());
    }

    [Fact]
    public void Standby_and_takeover_move_the_group_back_and_forth()
    {
        using var c = new GroupCluster();
        c.Start("alpha");
        c.Start("beta");
        c.WaitStartedOn("alpha", "the group runs on its preferred node");

        var standby = c.Cli("alpha", "cluster", "standby");
        Assert.True(standby.Exit == 0, standby.ToString());
        Assert.Contains("standby: handing web to beta", standby.Out);
        c.WaitStartedOn("beta", "standby on alpha hands the group to beta");
        Assert.False(c.ScriptRunsOn("alpha"));
        Assert.True(c.ScriptRunsOn("beta"));

        Assert.Equal(0, c.Cli("beta", "cluster", "standby").Exit);
        c.WaitStartedOn("alpha", "standby on beta hands it back");
        Assert.False(c.ScriptRunsOn("beta"));

        var takeover = c.Cli("beta", "cluster", "takeover");
        Assert.True(takeover.Exit == 0, takeover.ToString());
        c.WaitStartedOn("beta", "takeover on beta pulls the group over");
        Assert.False(c.ScriptRunsOn("alpha"));
        Assert.True(c.ScriptRunsOn("beta"));
        Assert.Contains(GroupCluster.Events(c.Status("alpha")), e => e == "group web on alpha: beta asked for the group; stopping it here");

        // Taking over what already runs here changes nothing.
        Assert.Equal(0, c.Cli("beta", "cluster", "takeover").Exit);
        Assert.Equal("started on beta", Where(c.Status("beta")));
    }

    [Fact]
    public void A_daemon_stopped_with_sigterm_stops_the_group_and_hands_it_to_the_peer()
    {
        using var c = new GroupCluster();
        c.Start("alpha");
        c.Start("beta");
        c.WaitStartedOn("alpha", "the group runs on its preferred node");

        Assert.Equal(0, c.Stop("alpha"));
        Assert.False(c.ScriptRunsOn("alpha"));
        var b = c.WaitFor("beta", s => Where(s) == "started on beta", "beta runs the group alpha handed over");
        Assert.Contains(GroupCluster.Events(b), e => e == "group web on beta: alpha handed the group over; starting it on beta");
        Assert.DoesNotContain(GroupCluster.Events(b), e => e.Contains("taking the group over", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_alone_waits_for_initdead_then_starts_the_group_and_cannot_hand_it_to_a_dead_peer()
    {
        using var c = new GroupCluster(timers: "keepalive = \"250ms\"\nwarntime = \"1s\"\ndeadtime = \"2s\"\ninitdead = \"6s\"");
        c.Start("beta");
        var sawUnknown = false;
        var s = c.WaitFor("beta", s =>
        {
            if (GroupCluster.NodeState(s, "alpha") == "unknown")
            {
                sawUnknown = true;
                Assert.Equal("stopped on -", Where(s)); // never started while the peer's state is unknown
                Assert.DoesNotContain(c.Actions(), l => l.EndsWith(" start", StringComparison.Ordinal));
            }
            return Where(s) == "started on beta";
        }, "beta starts the group after initdead");
        Assert.True(sawUnknown, "alpha was never reported unknown during initdead");
        Assert.Equal("dead", GroupCluster.NodeState(s, "alpha"));

        var standby = c.Cli("beta", "cluster", "standby");
        Assert.Equal(1, standby.Exit);
        Assert.Contains("alpha is not alive; there is nobody to hand group web to", standby.Err);
        Assert.Equal(2, c.Cli("beta", "cluster", "maintenance", "maybe").Exit);
        Assert.Equal(2, c.Cli("beta", "cluster", "sideways").Exit);

        // alpha joins later: the group stays where it runs (auto_failback = false).
        c.Start("alpha");
        c.WaitFor("alpha", s => GroupCluster.NodeState(s, "beta") == "up" && Where(s) == "started on beta", "alpha sees the group on beta");
        Assert.False(c.ScriptRunsOn("alpha"));
    }

    [Fact]
    public void A_failing_resource_is_restarted_in_place_then_the_group_moves_to_the_peer()
    {
        using var hook = new WebhookListener();
        using var c = new GroupCluster(maxRestarts: 1, extra: $"[notify]\nwebhook = \"{hook.Url("/tandem")}\"");
        c.Start("alpha");
        c.Start("beta");
        c.WaitStartedOn("alpha", "the group runs on its preferred node");

        c.FailMonitorOn("alpha", true);
        c.WaitStartedOn("beta", "the group moves to beta after the restart in place did not help");
        var events = GroupCluster.Events(c.Status("alpha")).Where(e => e.StartsWith("group web on alpha: ", StringComparison.Ordinal))
            .Select(e => e["group web on alpha: ".Length..]).ToList();
        var failed = events.FindIndex(e => e.StartsWith("/", StringComparison.Ordinal) && e.Contains(" failed its monitor"));
        var restarting = events.FindIndex(e => e.StartsWith("restarting ", StringComparison.Ordinal));
        var recovered = events.IndexOf("running again on alpha after a restart in place");
        var moving = events.FindIndex(e => e.Contains("moving the group to beta"));
        Assert.True(failed >= 0 && failed < restarting && restarting < recovered && recovered < moving, string.Join("\n", events));
        Assert.Equal(2, c.Actions().Count(l => l == "alpha web web start"));
        var failure = Notified(hook, "resource_failed");
        Assert.EndsWith("svc::web", failure.GetProperty("resource").GetString());
        Assert.Equal("alpha", failure.GetProperty("node").GetString());
        Notified(hook, "recovered", j => j.GetProperty("node").GetString() == "alpha");
        var moved = Notified(hook, "failover");
        Assert.StartsWith("group web moved from alpha to beta: ", moved.GetProperty("text").GetString());
        Assert.False(c.ScriptRunsOn("alpha"));
        Assert.True(c.ScriptRunsOn("beta"));
    }

    [Fact]
    public void Maintenance_mode_reports_a_failure_without_acting_on_it_on_both_nodes()
    {
        using var c = new GroupCluster();
        c.Start("alpha");
        c.Start("beta");
        c.WaitStartedOn("alpha", "the group runs on its preferred node");

        var on = c.Cli("beta", "cluster", "maintenance", "on");
        Assert.True(on.Exit == 0, on.ToString());
        Assert.Contains("on beta and alpha", on.Out);
        c.WaitFor("alpha", s => GroupCluster.GroupIn(s).GetProperty("maintenance").GetBoolean(), "alpha hears of maintenance mode from beta");
        var actions = c.Actions().Count;

        c.FailMonitorOn("alpha", true);
        var s = c.WaitFor("alpha", s => GroupCluster.GroupIn(s).GetProperty("resources")[1].GetProperty("state").GetString() == "failed",
            "the failed monitor is reported");
        Assert.Equal("alpha", GroupCluster.GroupIn(s).GetProperty("node").GetString());
        Thread.Sleep(3000); // a few monitor intervals: nothing is stopped, restarted or moved
        Assert.DoesNotContain(c.Actions().Skip(actions), l => !l.EndsWith(" status", StringComparison.Ordinal));
        Assert.False(c.ScriptRunsOn("beta"));

        c.FailMonitorOn("alpha", false);
        Assert.Equal(0, c.Cli("alpha", "cluster", "maintenance", "off").Exit);
        c.WaitFor("beta", s => !GroupCluster.GroupIn(s).GetProperty("maintenance").GetBoolean(), "beta hears maintenance mode is off");
        c.WaitStartedOn("alpha", "the group is managed again on alpha");
    }
}
