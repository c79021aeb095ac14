using System.Diagnostics;
using System.Text.Json;
using Tandem.Lab;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Lab;

/// <summary>Real daemons in the node namespaces: the generated config is valid, they find each other, and a killed node is seen dead.</summary>
public sealed class LabNodeTests
{
    [Fact]
    public void TheGeneratedConfigPassesConfigCheckOnBothNodes()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        foreach (var n in LabNodeId.Both)
        {
            var r = lab[n].Cli(lab.Layout.ConfigPath, "config", "check");
            Assert.True(r.Ok, $"config check on {n}: {r}");
            Assert.Contains("mysql::", r.Out);
            Assert.True(lab[n].Cli(lab.Layout.BootstrapConfigPath, "config", "check").Ok);
        }
    }

    [Fact]
    public void BothDaemonsSeeEachOtherAndAKilledNodeIsReportedDead()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        foreach (var n in LabNodeId.Both)
            lab[n].StartDaemon(lab.Layout.BootstrapConfigPath);
        foreach (var n in LabNodeId.Both)
            WaitPeer(lab, n, "up");

        var a = lab[LabNodeId.A];
        var daemon = a.DaemonPid!.Value;
        // The daemon runs inside node-a's network namespace, not the host's.
        Assert.Contains(daemon, NamespaceProcesses.Of(a.Namespace));
        var killed = a.KillEverything();
        Assert.Contains(daemon, killed);
        Assert.False(NamespaceProcesses.IsAlive(daemon));
        Assert.Empty(NamespaceProcesses.Of(a.Namespace));
        Assert.Null(a.DaemonPid);
        WaitPeer(lab, LabNodeId.B, "dead");

        // The node comes back: the peer sees it up again.
        a.StartDaemon(lab.Layout.BootstrapConfigPath);
        WaitPeer(lab, LabNodeId.B, "up");
    }

    [Fact]
    public void AGracefulStopEndsTheDaemonBySigterm()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        var b = lab[LabNodeId.B];
        b.StartDaemon(lab.Layout.BootstrapConfigPath);
        var pid = b.DaemonPid!.Value;
        Assert.True(b.StopDaemon(TimeSpan.FromSeconds(30)), "the daemon did not exit on SIGTERM");
        Assert.False(NamespaceProcesses.IsAlive(pid));
        Assert.Contains("SIGTERM", File.ReadAllText(lab.Layout.DaemonLog(LabNodeId.B)));
    }

    static void WaitPeer(Tandem.Lab.Lab lab, LabNodeId from, string state)
    {
        var sw = Stopwatch.StartNew();
        JsonElement? last = null;
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            last = lab[from].TryStatus();
            if (last is { } s && s.GetProperty("nodes").EnumerateArray()
                    .Any(n => n.GetProperty("name").GetString() == from.Peer.Name && n.GetProperty("state").GetString() == state))
                return;
            Thread.Sleep(100);
        }
        Assert.Fail($"{from} does not see {from.Peer} {state} within 30 s; status: {last}\nlog: {File.ReadAllText(lab.Layout.DaemonLog(from))}");
    }
}
