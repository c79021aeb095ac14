using Tandem.Cluster;
using Tandem.Cluster.Protocol;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Cluster;

/// <summary>When a group's data counts as ready on this node and on the peer.</summary>
public class GroupDataReadinessTests
{
    static readonly VolumeState Secondary = new(true, Role.Secondary, DiskState.UpToDate, ConnectionState.Connected, Role.Primary, DiskState.UpToDate);

    static GroupDataReadiness Make(Dictionary<string, VolumeState> local, Dictionary<string, VolumeReport> peer, SyncProgress? sync = null) =>
        new(new Dictionary<string, IReadOnlyList<string>> { ["mysql"] = ["r0"], ["web"] = [] }, "n1",
            v => local.TryGetValue(v, out var s) ? s : null, _ => sync, () => peer);

    static Dictionary<string, VolumeReport> Peer(DiskState disk, ConnectionState connection, ushort sync = VolumeReport.NoSync) =>
        new() { ["r0"] = new("r0", disk, connection, sync) };

    [Fact]
    public void The_peer_is_ready_only_when_it_reports_Connected_and_UpToDate_and_this_node_sees_it_UpToDate()
    {
        var primary = Secondary with { Role = Role.Primary, PeerRole = Role.Secondary };
        Assert.Null(Make(new() { ["r0"] = primary }, Peer(DiskState.UpToDate, ConnectionState.Connected)).NotReadyOnPeer("mysql"));
        Assert.Equal("n1: r0 is Inconsistent, SyncTarget, 12.5% done",
            Make(new() { ["r0"] = primary with { PeerDisk = DiskState.Inconsistent } }, Peer(DiskState.Inconsistent, ConnectionState.SyncTarget, 125)).NotReadyOnPeer("mysql"));
        Assert.Equal("n1: r0 is Outdated",
            Make(new() { ["r0"] = primary }, Peer(DiskState.Outdated, ConnectionState.Connected)).NotReadyOnPeer("mysql"));
        Assert.Equal("n1: r0 is UpToDate, Connecting",
            Make(new() { ["r0"] = primary }, Peer(DiskState.UpToDate, ConnectionState.Connecting)).NotReadyOnPeer("mysql"));
        Assert.Equal("r0 on n1 is Inconsistent as this node sees it",
            Make(new() { ["r0"] = primary with { PeerDisk = DiskState.Inconsistent } }, Peer(DiskState.UpToDate, ConnectionState.Connected)).NotReadyOnPeer("mysql"));
        Assert.Equal("n1 reports no state for r0", Make(new() { ["r0"] = primary }, []).NotReadyOnPeer("mysql"));
        Assert.Null(Make([], []).NotReadyOnPeer("web")); // no volume: always ready
    }

    [Fact]
    public void This_node_is_ready_when_its_disk_is_UpToDate()
    {
        Assert.Null(Make(new() { ["r0"] = Secondary }, []).NotReadyHere("mysql"));
        Assert.Equal("r0 is Inconsistent, SyncTarget, 40.0% done",
            Make(new() { ["r0"] = Secondary with { Disk = DiskState.Inconsistent, Connection = ConnectionState.SyncTarget } }, [], new SyncProgress(40, 1, 1)).NotReadyHere("mysql"));
        Assert.Equal("r0 is down", Make(new() { ["r0"] = VolumeState.Down }, []).NotReadyHere("mysql"));
        Assert.Null(Make([], []).NotReadyHere("mysql")); // not on this node: the agent says so
    }

    [Fact]
    public void Local_reports_carry_the_resync_progress_of_a_target()
    {
        var syncing = Secondary with { Disk = DiskState.Inconsistent, Connection = ConnectionState.SyncTarget };
        var r = Assert.Single(Make(new() { ["r0"] = syncing }, [], new SyncProgress(33.33, 1, 1)).LocalReports());
        Assert.Equal(new VolumeReport("r0", DiskState.Inconsistent, ConnectionState.SyncTarget, 333), r);
        var down = Assert.Single(Make(new() { ["r0"] = VolumeState.Down }, []).LocalReports());
        Assert.Equal(new VolumeReport("r0", DiskState.Diskless, ConnectionState.StandAlone), down);
    }
}
