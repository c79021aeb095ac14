using System.Diagnostics;
using Tandem.Lab;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Lab;

/// <summary>The lab's namespaces, bridges and addresses come up, reach each other, stay off the host, and vanish.</summary>
public sealed class LabTopologyTests
{
    [Fact]
    public void TopologyComesUpReachesEveryNodeAndIsRemovedWithoutATrace()
    {
        LabNames names;
        using (var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable))
        {
            names = lab.Names;
            Assert.Equal(
                names.AllNamespaces.Order(),
                LabLeftovers.Namespaces().Where(n => LabNames.IdOf(n) == names.Id).Order());
            foreach (var n in LabNodeId.Both)
            {
                Assert.True(LabTopology.Ping(names.ClientNamespace, LabNetwork.Lan(n)), $"client cannot reach {n} on the LAN");
                Assert.True(LabTopology.Ping(names.NodeNamespace(n), LabNetwork.ReplicationAddress(n.Peer)), $"{n} cannot reach its peer on the replication network");
            }
            // The host has no address, interface or route into the lab.
            Assert.DoesNotContain("10.231.", Proc.Ok("ip", "-o", "addr").Out);
            Assert.DoesNotContain(LabNetwork.LanBridge, Proc.Ok("ip", "-o", "link").Out);
            Assert.True(File.Exists(lab.Layout.ConfigPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(lab.Layout.AuthKey));
            Assert.True(LabLock.IsHeld(names), "a live lab must hold its lock");
        }
        LabLeftovers.AssertGone(names, []);
    }

    [Fact]
    public void PullingANodesCablesCutsItOffAndPluggingThemBackRestoresIt()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        lab.Topology.SetNodeLinks(LabNodeId.A, up: false);
        Assert.False(LabTopology.Ping(lab.Names.ClientNamespace, LabNetwork.Lan(LabNodeId.A)));
        Assert.True(LabTopology.Reachable(lab.Names.ClientNamespace, LabNetwork.Lan(LabNodeId.B), TimeSpan.FromSeconds(10)), "node-b unreachable while only node-a's cables are pulled");
        lab.Topology.SetNodeLinks(LabNodeId.A, up: true);
        Assert.True(LabTopology.Reachable(lab.Names.ClientNamespace, LabNetwork.Lan(LabNodeId.A), TimeSpan.FromSeconds(10)), "node-a unreachable after its cables were plugged back");

        lab.Topology.SetReplicationLink(up: false);
        Assert.False(LabTopology.Ping(lab.Names.NodeNamespace(LabNodeId.A), LabNetwork.ReplicationAddress(LabNodeId.B)));
        Assert.True(LabTopology.Reachable(lab.Names.NodeNamespace(LabNodeId.A), LabNetwork.Lan(LabNodeId.B), TimeSpan.FromSeconds(10)), "the LAN went down with the replication network");
    }

    [Theory]
    [InlineData("bridges")]
    [InlineData("links")]
    [InlineData("files")]
    public void ASetupThatFailsHalfWayLeavesNothingBehind(string failAt)
    {
        var nsBefore = LabLeftovers.Namespaces();
        var dirsBefore = LabLeftovers.Directories();
        var e = Assert.Throws<InvalidOperationException>(() => Tandem.Lab.Lab.Create(tandem: TandemNode.Executable,
            step: s => { if (s == failAt) throw new InvalidOperationException("injected failure at " + s); }));
        Assert.Contains(failAt, e.Message);
        Assert.Equal(nsBefore, LabLeftovers.Namespaces());
        Assert.Equal(dirsBefore, LabLeftovers.Directories());
    }

    [Fact]
    public void AStaleLabOfACrashedRunIsRemovedAtTheNextStartAndALiveOneIsNot()
    {
        // A crashed run: namespaces with a process inside and a directory, no lock held.
        var stale = LabNames.New();
        Directory.CreateDirectory(stale.Dir);
        File.WriteAllText(Path.Combine(stale.Dir, "lock"), "12345\n");
        Process? sleeper = null;
        try
        {
            foreach (var ns in stale.AllNamespaces)
                Proc.Ok("ip", "netns", "add", ns);
            sleeper = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", stale.NodeNamespace(LabNodeId.A), "sleep", "600"]))!;
            var deadline = Stopwatch.StartNew();
            while (NamespaceProcesses.Of(stale.NodeNamespace(LabNodeId.A)).Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
                Thread.Sleep(50);
            Assert.NotEmpty(NamespaceProcesses.Of(stale.NodeNamespace(LabNodeId.A)));

            using var live = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
            Assert.True(sleeper.WaitForExit(15_000), "the process in the stale lab's namespace was not killed");
            LabLeftovers.AssertGone(stale, [sleeper.Id]);

            using var second = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
            Assert.True(Directory.Exists(live.Names.Dir), "a lab still in use was removed as stale");
            Assert.Contains(live.Names.ClientNamespace, LabLeftovers.Namespaces());
        }
        finally
        {
            LabCleanup.Remove(stale);
            sleeper?.Dispose();
        }
    }
}
