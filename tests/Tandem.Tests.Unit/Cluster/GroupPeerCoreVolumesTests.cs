using Tandem.Cluster;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Cluster;

/// <summary>Volume reports through <see cref="GroupPeerCore"/>: published with the groups, read from the peer, a change is news.</summary>
public class GroupPeerCoreVolumesTests
{
    const ulong Me = 1000, Them = 2000;

    static readonly Dictionary<string, GroupState> Groups = new() { ["mysql"] = GroupState.Stopped };

    static byte[] From(ulong seq, params VolumeReport[] volumes) =>
        ClusterPayloadCodec.ToArray(new ClusterPayload(Them, seq, [new("mysql", GroupState.Stopped)], Me, 0, []) { Volumes = volumes });

    [Fact]
    public void Local_volume_reports_are_published_and_republished_only_when_they_change()
    {
        var c = new GroupPeerCore(Me);
        var syncing = new VolumeReport("r0", DiskState.Inconsistent, ConnectionState.SyncTarget, 100);
        var first = c.Handle(new GroupPeerInput.LocalStates(Groups) { Volumes = [syncing] });
        var published = ClusterPayloadCodec.Read(first.OfType<GroupPeerAction.Publish>().Single().Payload);
        Assert.Equal([syncing], published.Volumes);
        Assert.Empty(c.Handle(new GroupPeerInput.LocalStates(Groups) { Volumes = [syncing] }));
        var progress = c.Handle(new GroupPeerInput.LocalStates(Groups) { Volumes = [syncing with { SyncPermille = 500 }] });
        Assert.Single(progress.OfType<GroupPeerAction.Publish>());
    }

    [Fact]
    public void The_peers_volume_reports_are_read_and_a_change_tells_the_groups()
    {
        var c = new GroupPeerCore(Me);
        c.Handle(new GroupPeerInput.LocalStates(Groups));
        var syncing = new VolumeReport("r0", DiskState.Inconsistent, ConnectionState.SyncTarget, 100);
        c.Handle(new GroupPeerInput.Observed(NodeState.Up, From(1, syncing)));
        Assert.Equal(syncing, c.PeerVolumes["r0"]);

        Assert.Empty(c.Handle(new GroupPeerInput.Observed(NodeState.Up, From(2, syncing))).OfType<GroupPeerAction.PeerChanged>());
        var ready = new VolumeReport("r0", DiskState.UpToDate, ConnectionState.Connected);
        var a = c.Handle(new GroupPeerInput.Observed(NodeState.Up, From(3, ready)));
        Assert.Single(a.OfType<GroupPeerAction.PeerChanged>());
        Assert.True(c.PeerVolumes["r0"].Ready);

        c.Handle(new GroupPeerInput.Observed(NodeState.Dead, ReadOnlyMemory<byte>.Empty));
        Assert.Empty(c.PeerVolumes);
    }
}
