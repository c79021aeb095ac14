using Tandem.Metadata;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Replication.Core;

/// <summary>
/// What the core asks its host to do. Send actions must be carried out in the order given (the link is
/// FIFO and write ordering depends on it); disk actions may run concurrently (the core only issues
/// what may overlap); metadata persistence is in order and flushes the data disk first.
/// </summary>
public abstract record ReplicaAction
{
    /// <summary>Write to the local disk. With <paramref name="Activity"/> the host records the range in the activity log first.</summary>
    public sealed record DiskWrite(ulong Io, long Offset, int Length, WriteKind Kind, bool Fua, ReadOnlyMemory<byte> Data, bool Activity) : ReplicaAction;

    /// <summary>A read; <paramref name="ForPeer"/> when its data goes to the peer and nowhere else (the host may reuse the buffer once sent).</summary>
    public sealed record DiskRead(ulong Io, long Offset, int Length, bool ForPeer = false) : ReplicaAction;

    public sealed record DiskFlush(ulong Io) : ReplicaAction;

    /// <summary>
    /// The range no longer needs its activity-log pin. With <paramref name="AfterBitmap"/> the range was
    /// marked out of sync and the pin may only go once the bitmap is on disk.
    /// </summary>
    public sealed record ActivityEnd(long Offset, int Length, bool AfterBitmap) : ReplicaAction;

    public sealed record Send(ReplicationPacket Packet) : ReplicaAction;

    /// <summary>Answer an application request; <paramref name="Errno"/> 0 is success.</summary>
    public sealed record Complete(ulong Req, int Errno) : ReplicaAction;

    public sealed record CompleteRead(ulong Req, ReadOnlyMemory<byte> Data) : ReplicaAction;

    /// <summary>Write the superblock (generation UUIDs, flags) and the dirty bitmap, after flushing the data disk.</summary>
    public sealed record PersistMetadata(GenerationUuids Uuids, MetadataFlags Flags) : ReplicaAction;

    /// <summary>Connect (true) or drop the connection and stay disconnected (false).</summary>
    public sealed record Link(bool Enabled, string Reason) : ReplicaAction;

    /// <summary>
    /// Ask the peer over heartbeat (not the replication link, which is gone) to mark its copy Outdated. Repeated while
    /// no answer comes (<paramref name="Retry"/>); the answer comes back as <see cref="ReplicaInput.OutdateAnswer"/>.
    /// </summary>
    public sealed record OutdatePeer(ulong Token, bool Retry) : ReplicaAction;

    /// <summary>Answer the peer's outdate request over heartbeat, once every metadata write asked for before this action is
    /// on disk (an Outdated mark must survive a restart before the peer relies on it).</summary>
    public sealed record AnswerOutdate(ulong Token, OutdateResult Result) : ReplicaAction;

    /// <summary>A state change, for the log (old → new), once.</summary>
    public sealed record StateChanged(VolumeState From, VolumeState To, string Why) : ReplicaAction;

    /// <summary>Something an operator should see in the event journal.</summary>
    public sealed record Notice(string Text) : ReplicaAction;
}
