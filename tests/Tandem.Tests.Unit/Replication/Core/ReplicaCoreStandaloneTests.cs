using Tandem.Metadata;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>A volume with no peer configured writes its disk and keeps no bitmap for a peer it does not have.</summary>
public class ReplicaCoreStandaloneTests
{
    const long Size = 1 << 20;

    static (ReplicaCore Core, DirtyBitmap Bitmap) Primary(bool hasPeer)
    {
        var bitmap = new DirtyBitmap(Size);
        // Without fencing, so a Primary whose peer is away writes alone (fencing has its own tests).
        var settings = new ReplicaSettings { Volume = "r0", SizeBytes = Size, HasPeer = hasPeer, Fencing = Tandem.Config.FencingPolicy.DontCare };
        var core = new ReplicaCore(settings, new GenerationUuids(0x1234_5678_9ABC_DEF0, 0, 0, 0),
            MetadataFlags.Consistent | MetadataFlags.WasUpToDate, bitmap, new Random(1));
        core.Attach(TimeSpan.Zero);
        var promoted = core.Promote(force: hasPeer, TimeSpan.Zero); // a peer never seen: only a forced promotion
        Assert.True(promoted.Ok, promoted.Message);
        return (core, bitmap);
    }

    static List<ReplicaAction> WriteAndComplete(ReplicaCore core)
    {
        var actions = new List<ReplicaAction>(core.Handle(new ReplicaInput.AppWrite(1, 8192, 4096, WriteKind.Data, false, new byte[4096]), TimeSpan.Zero));
        var disk = actions.OfType<ReplicaAction.DiskWrite>().Single();
        actions.AddRange(core.Handle(new ReplicaInput.DiskDone(disk.Io, true, default), TimeSpan.Zero));
        return actions;
    }

    [Fact]
    public void Without_a_peer_a_write_marks_nothing_out_of_sync_and_its_activity_ends_at_once()
    {
        var (core, bitmap) = Primary(hasPeer: false);
        var actions = WriteAndComplete(core);
        Assert.Contains(actions, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.Contains(actions, a => a is ReplicaAction.ActivityEnd { Offset: 8192, AfterBitmap: false });
        Assert.Equal(0, bitmap.DirtyBytes);
    }

    [Fact]
    public void With_a_peer_that_is_away_the_write_is_marked_out_of_sync_and_its_activity_waits_for_the_bitmap()
    {
        var (core, bitmap) = Primary(hasPeer: true);
        var actions = WriteAndComplete(core);
        Assert.Contains(actions, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.Contains(actions, a => a is ReplicaAction.ActivityEnd { Offset: 8192, AfterBitmap: true });
        Assert.Equal(4096, bitmap.DirtyBytes);
    }
}
