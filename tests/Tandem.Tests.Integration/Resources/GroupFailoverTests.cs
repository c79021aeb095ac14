using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Config;
using Tandem.Resources.Agents;
using Tandem.Resources.Agents.Script;
using Tandem.Resources.Groups;
using Tandem.Resources.Processes;
using static Tandem.Tests.Integration.Resources.AgentTestContext;

namespace Tandem.Tests.Integration.Resources;

/// <summary>
/// Two group managers with real agents, each node in its own network namespace, linked in-process as membership
/// will link them: the group starts on its preferred node, moves on takeover, and fails over when its node dies.
/// A third namespace reaches the service address throughout.
/// </summary>
public sealed class GroupFailoverTests : IDisposable
{
    const string Vip = NetnsLab.Subnet + ".100";

    readonly NetnsLab _lab = new("a", "b", "c");
    readonly string _dir = Directory.CreateTempSubdirectory("tandem-group-").FullName;

    public void Dispose()
    {
        _lab.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    TandemConfig Config() => ConfigLoader.Parse($"""
        [cluster]
        name = "lab"
        [nodes.a]
        heartbeat = ["{NetnsLab.Subnet}.1:694"]
        [nodes.b]
        heartbeat = ["{NetnsLab.Subnet}.2:694"]
        [[groups]]
        name = "web"
        preferred = "a"
        resources = ["IPaddr::{Vip}/24/eth0", "svc::web"]
        monitor_interval = "1s"
        """, "/etc/tandem/tandem.toml");

    /// <summary>A Heartbeat resource.d script whose state is a file per node, named after TANDEM_NODE.</summary>
    ScriptLocator Scripts()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "resource.d")).FullName;
        var script = Path.Combine(dir, "svc");
        File.WriteAllText(script, $"""
            #!/bin/sh
            flag={_dir}/$TANDEM_NODE.$1
            case "$2" in
              start) touch $flag ;;
              stop) rm -f $flag ;;
              status) [ -e $flag ] && echo running || echo stopped ;;
            esac
            """);
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        return new ScriptLocator([(dir, ScriptStyle.Heartbeat)]);
    }

    GroupManager Node(string node, LinkedPeer peer) =>
        GroupManager.Create(Config(), node, new AgentFactory { Scripts = Scripts(), ArpCount = 3 }, peer, TimeProvider.System,
            NullLoggerFactory.Instance, runner: new ProcessRunner(_lab.Prefix(node)));

    bool Runs(GroupManager m) => m.LocalStates()["web"] == GroupState.Started;

    bool ServiceOn(string node) => File.Exists(Path.Combine(_dir, $"{node}.web"));

    [Fact]
    public async Task Runs_on_the_preferred_node_moves_on_takeover_and_fails_over_when_its_node_dies()
    {
        var peerOfA = new LinkedPeer();
        var peerOfB = new LinkedPeer();
        await using var a = Node("a", peerOfA);
        await using var b = Node("b", peerOfB);
        peerOfA.Other = b;
        peerOfB.Other = a;
        a.LocalStateChanged += peerOfB.Raise;
        b.LocalStateChanged += peerOfA.Raise;
        a.Start();
        b.Start();
        peerOfA.Set(PeerState.Alive);
        peerOfB.Set(PeerState.Alive);

        await Until(() => Runs(a), "the group to start on its preferred node a");
        Assert.True(ServiceOn("a"));
        Assert.False(ServiceOn("b"));
        Assert.True(_lab.Ping("c", Vip));
        Assert.Equal(_lab.Mac("a"), _lab.NeighbourMac("c", Vip));
        var onB = b.Status().Single();
        Assert.Equal(("a", "started"), (onB.Node, onB.State)); // b reports where the group runs

        Assert.Empty(await b.TakeoverAsync());
        await Until(() => Runs(b), "the group to move to b");
        Assert.Equal(GroupState.Stopped, a.LocalStates()["web"]);
        Assert.False(ServiceOn("a"));
        Assert.True(ServiceOn("b"));
        await Until(() => _lab.NeighbourMac("c", Vip) == _lab.Mac("b"), "c to learn b's MAC");
        Assert.True(_lab.Ping("c", Vip));

        // b dies: its link goes down and a hears nothing more from it.
        Volume.Proc.Ok("ip", "-n", _lab.Nodes["b"], "link", "set", "eth0", "down");
        peerOfA.Set(PeerState.Dead);
        await Until(() => Runs(a), "a to take the group over");
        Assert.True(ServiceOn("a"));
        await Until(() => _lab.Ping("c", Vip), "c to reach the address on a again");
        Assert.Equal(_lab.Mac("a"), _lab.NeighbourMac("c", Vip));
    }
}
