using Tandem.Metadata;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>An authenticated peer that sends nonsense: the connection is dropped and nothing reaches the disk.</summary>
public class ReplicaCoreHostilePeerTests
{
    const long Size = 1 << 20;

    static (ReplicaCore Core, List<ReplicaAction> Actions) ConnectedSecondary()
    {
        var settings = new ReplicaSettings { Volume = "r0", SizeBytes = Size };
        var uuids = new GenerationUuids(0x1234_5678_9ABC_DEF0, 0, 0, 0);
        var flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate;
        var core = new ReplicaCore(settings, uuids, flags, new DirtyBitmap(Size), new Random(1));
        var actions = new List<ReplicaAction>(core.Attach(TimeSpan.Zero));
        actions.AddRange(core.Handle(new ReplicaInput.PeerConnected(), TimeSpan.Zero));
        var report = new StateReport(Role.Primary, DiskState.UpToDate, uuids.Current, 0, 0, 0, (uint)flags, 0, Size, false);
        actions.AddRange(core.Handle(new ReplicaInput.PeerPacket(report), TimeSpan.Zero));
        Assert.Equal(ConnectionState.Connected, core.State.Connection);
        return (core, actions);
    }

    public static TheoryData<ReplicationPacket> Hostile => new()
    {
        new Write(1, 1, Size - 4096, 8192, WriteKind.Data, false, new byte[8192]),
        new Write(1, 1, -4096, 4096, WriteKind.Data, false, new byte[4096]),
        new Write(1, 1, Size, 4096, WriteKind.Zeroes, false, ReadOnlyMemory<byte>.Empty),
        new Write(1, 1, 0, 8192, WriteKind.Data, false, new byte[4096]),
        new ResyncData(1, Size - 100, new byte[4096]),
        new ResyncRequest(1, long.MaxValue - 10, 4096),
        new VerifyRequest(1, Size, 4096, new byte[16]),
        new OutOfSync(Size + 4096, 4096),
        new ReadRequest(1, Size - 1, 2),
        new BitmapRuns([new DirtyRange(0, 4096), new DirtyRange(Size, 4096)], true),
        new ResyncData(7, 0, new byte[4096]), // never asked for
        new BitmapRuns([], true),             // no bitmap exchange under way
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_packet_naming_blocks_outside_the_volume_or_out_of_turn_drops_the_connection_and_writes_nothing(ReplicationPacket packet)
    {
        var (core, _) = ConnectedSecondary();
        var actions = core.Handle(new ReplicaInput.PeerPacket(packet), TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(actions, a => a is ReplicaAction.DiskWrite);
        Assert.Contains(actions, a => a is ReplicaAction.Link { Enabled: false });
        Assert.Equal(ConnectionState.StandAlone, core.State.Connection);
        Assert.NotNull(core.StandAloneReason);
    }

    [Fact]
    public void A_good_write_from_the_primary_is_applied()
    {
        var (core, _) = ConnectedSecondary();
        var actions = core.Handle(new ReplicaInput.PeerPacket(new Write(1, 1, 4096, 4096, WriteKind.Data, false, new byte[4096])), TimeSpan.Zero);
        Assert.Contains(actions, a => a is ReplicaAction.DiskWrite { Offset: 4096, Length: 4096 });
        Assert.Equal(ConnectionState.Connected, core.State.Connection);
    }

    [Fact]
    public void A_secondary_refuses_application_io()
    {
        var (core, _) = ConnectedSecondary();
        var w = core.Handle(new ReplicaInput.AppWrite(9, 0, 4096, WriteKind.Data, false, new byte[4096]), TimeSpan.Zero);
        var r = core.Handle(new ReplicaInput.AppRead(10, 0, 4096), TimeSpan.Zero);
        Assert.Contains(w, a => a is ReplicaAction.Complete { Req: 9, Errno: Tandem.Storage.Errno.EPERM });
        Assert.Contains(r, a => a is ReplicaAction.Complete { Req: 10, Errno: Tandem.Storage.Errno.EPERM });
        Assert.DoesNotContain(w.Concat(r), a => a is ReplicaAction.DiskWrite or ReplicaAction.DiskRead);
    }
}
