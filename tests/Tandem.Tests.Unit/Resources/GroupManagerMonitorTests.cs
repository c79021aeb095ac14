using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Config;
using Tandem.Resources.Agents;
using Tandem.Resources.Groups;
using Tandem.Resources.Processes;
using Tandem.Resources.Specs;
using Tandem.Tests.Unit.Config;

namespace Tandem.Tests.Unit.Resources;

/// <summary>The group manager built from a config with <c>[[groups.monitor]]</c>: each resource on its own interval and timeout.</summary>
public class GroupManagerMonitorTests
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    readonly ManualTimeProvider _time = new();
    readonly ScriptedPeer _peer = new();

    /// <summary>systemctl as the agents see it: units start, stop and report active; a unit in <see cref="Hung"/> never answers is-active.</summary>
    sealed class FakeSystemctl(TimeProvider time) : IProcessRunner
    {
        readonly HashSet<string> _active = [];
        readonly List<string> _calls = [];
        public readonly HashSet<string> Hung = [];

        public string[] Calls
        {
            get { lock (_calls) return [.. _calls]; }
        }

        public async Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct)
        {
            var unit = command.Arguments[^1];
            var action = command.Arguments[^2];
            bool hung;
            lock (_calls)
            {
                _calls.Add($"{(int)(time.GetUtcNow() - Start).TotalSeconds}s {action} {unit}");
                hung = action == "is-active" && Hung.Contains(unit);
                if (action == "start")
                    _active.Add(unit);
                else if (action == "stop")
                {
                    _active.Remove(unit);
                    Hung.Remove(unit);
                }
            }
            if (hung)
                await Task.Delay(Timeout.Infinite, ct);
            lock (_calls)
                return action == "is-active" ? new ProcessResult(_active.Contains(unit) ? 0 : 3, _active.Contains(unit) ? "active\n" : "inactive\n", "")
                    : new ProcessResult(0, "", "");
        }
    }

    static readonly DateTimeOffset Start = new ManualTimeProvider().GetUtcNow();

    static TandemConfig Config() => ConfigLoader.Parse(ConfigSamples.Minimal + """


        [[groups]]
        name = "g"
        preferred = "a"
        monitor_interval = "10s"
        monitor_timeout = "20s"
        resources = ["systemd:one.service", "systemd:two.service"]

        [[groups.monitor]]
        resource = "systemd:two.service"
        interval = "3s"
        timeout = "1s"
        """, "/etc/tandem/tandem.toml");

    /// <summary>Waits until exactly these timers wait (seconds from now): every operation has finished and been rescheduled.</summary>
    async Task Timers(params int[] seconds)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (!_time.PendingIn().SequenceEqual(seconds.Select(s => TimeSpan.FromSeconds(s))))
        {
            Assert.False(cts.IsCancellationRequested, $"gave up waiting for timers in {string.Join(", ", seconds)} s; waiting: {string.Join(", ", _time.PendingIn())}");
            await Task.Delay(10);
        }
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

    [Fact]
    public async Task Each_resource_is_monitored_on_its_own_interval_and_a_hang_past_its_own_timeout_moves_the_group()
    {
        var systemctl = new FakeSystemctl(_time);
        await using var manager = GroupManager.Create(Config(), "a", new AgentFactory(), _peer, _time, NullLoggerFactory.Instance, runner: systemctl);
        manager.Start();
        _peer.Set(PeerState.Alive, "g", GroupState.Stopped);
        await Until(() => manager.Status()[0].State == "started", "the group to start");
        await Timers(3, 10); // two's monitor in 3 s, one's in 10 s
        var before = systemctl.Calls.Length;
        foreach (var (by, next) in new[] { (3, new[] { 3, 7 }), (3, [3, 4]), (3, [1, 3]), (1, [2, 10]) })
        {
            _time.Advance(TimeSpan.FromSeconds(by));
            await Timers(next);
        }
        Assert.Equal(["3s is-active two.service", "6s is-active two.service", "9s is-active two.service", "10s is-active one.service"],
            systemctl.Calls.Skip(before));

        // two hangs: its own 1 s timeout finds it, not the group's 20 s; a hung resource moves the group.
        lock (systemctl.Hung)
            systemctl.Hung.Add("two.service");
        _time.Advance(TimeSpan.FromSeconds(2));
        await Timers(1, 8); // the monitor's 1 s timeout, one's monitor
        _time.Advance(TimeSpan.FromSeconds(1));
        await Until(() => manager.Status()[0].State == "stopped", "the group to leave");
        Assert.Equal(["12s is-active two.service", "13s stop two.service", "13s stop one.service"], systemctl.Calls.Skip(before + 4));
        await Until(() => _peer.Requests.Contains("offer g"), "the offer to the peer");
    }

    [Fact]
    public void The_runner_gets_each_resources_timeout_and_a_mysql_resource_takes_it_into_its_own_probe()
    {
        var config = ConfigLoader.Parse(ConfigSamples.Minimal + """


            [[groups]]
            name = "db"
            monitor_timeout = "20s"
            resources = ["volume::r0", "mysql::/etc/mysql/my.cnf"]

            [[groups.monitor]]
            resource = "mysql::/etc/mysql/my.cnf"
            timeout = "3s"
            """, "/etc/tandem/tandem.toml");
        var g = config.Groups[0];
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(3)], GroupManager.Timeouts(g).Select(t => t.Monitor));
        var mysql = Assert.IsType<MySqlSpec>(GroupManager.WithOwnMonitorTimeout(ResourceSpecParser.Parse(g.Resources[1]), g));
        Assert.Equal(TimeSpan.FromSeconds(3), mysql.Options.MonitorTimeout);
        var volume = ResourceSpecParser.Parse(g.Resources[0]);
        Assert.Same(volume, GroupManager.WithOwnMonitorTimeout(volume, g));
    }
}
