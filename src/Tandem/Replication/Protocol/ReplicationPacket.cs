using Tandem.Volume;

namespace Tandem.Replication.Protocol;

/// <summary>
/// Everything two replicas say to each other after the link is authenticated. Frames are ours (see
/// ReplicationCodec for the layout); the meanings follow DRBD's packets (drbd_protocol.h, named in each
/// comment) so DRBD's reasoning carries over. Offsets and lengths are in bytes within the data region.
/// </summary>
public abstract record ReplicationPacket
{
    /// <summary>Payload-carrying packets expose their data for the codec; others return empty.</summary>
    public virtual ReadOnlyMemory<byte> Payload => ReadOnlyMemory<byte>.Empty;
}

/// <summary>P_UUIDS + P_STATE + P_SIZES: sent once after the handshake and again whenever a field changes.</summary>
public sealed record StateReport(
    Role Role,
    DiskState Disk,
    ulong CurrentUuid,
    ulong BitmapUuid,
    ulong History0,
    ulong History1,
    uint MetadataFlags,
    long OutOfSyncBytes,
    long SizeBytes,
    bool DiscardMyData) : ReplicationPacket;

/// <summary>What kind of change a <see cref="Write"/> carries.</summary>
public enum WriteKind : byte
{
    Data = 0,
    Trim = 1,
    Zeroes = 2,
}

/// <summary>
/// P_DATA: one application write on the Primary, to be applied in epoch <paramref name="Epoch"/>.
/// <paramref name="Length"/> is the affected range; only <see cref="WriteKind.Data"/> carries bytes.
/// </summary>
public sealed record Write(ulong Id, uint Epoch, long Offset, int Length, WriteKind Kind, bool Fua, ReadOnlyMemory<byte> Data)
    : ReplicationPacket
{
    public override ReadOnlyMemory<byte> Payload => Data;
}

/// <summary>P_RECV_ACK (protocol B): the Secondary has received the write.</summary>
public sealed record RecvAck(ulong Id) : ReplicationPacket;

/// <summary>P_WRITE_ACK (protocol C): the Secondary has written it (with FUA: durably).</summary>
public sealed record WriteAck(ulong Id) : ReplicationPacket;

/// <summary>P_NEG_ACK: the Secondary could not write it (its disk failed); the range is out of sync.</summary>
public sealed record NegAck(ulong Id) : ReplicationPacket;

/// <summary>
/// P_BARRIER: epoch <paramref name="Epoch"/> is closed; no write of a later epoch reaches the disk before
/// every write of this one has. With <paramref name="Flush"/> the Secondary also flushes its disk and
/// answers with <see cref="BarrierAck"/> (the Primary's transfer log keeps the epoch until then).
/// </summary>
public sealed record Barrier(uint Epoch, bool Flush) : ReplicationPacket;

/// <summary>P_BARRIER_ACK: every write of epochs up to <paramref name="Epoch"/> is on the Secondary's disk and flushed.</summary>
public sealed record BarrierAck(uint Epoch, int Writes) : ReplicationPacket;

/// <summary>One dirty range of a bitmap transfer.</summary>
public readonly record struct DirtyRange(long Offset, long Length);

/// <summary>P_BITMAP / P_COMPRESSED_BITMAP: part of the sender's dirty bitmap as runs; <paramref name="Last"/> ends it.</summary>
public sealed record BitmapRuns(IReadOnlyList<DirtyRange> Runs, bool Last) : ReplicationPacket;

/// <summary>P_RS_DATA_REQUEST: the SyncTarget asks for a range.</summary>
public sealed record ResyncRequest(ulong Id, long Offset, int Length) : ReplicationPacket;

/// <summary>P_CSUM_RS_REQUEST: as <see cref="ResyncRequest"/>, with the digest of the target's copy.</summary>
public sealed record ChecksumRequest(ulong Id, long Offset, int Length, ReadOnlyMemory<byte> Digest) : ReplicationPacket
{
    public override ReadOnlyMemory<byte> Payload => Digest;
}

/// <summary>P_RS_DATA_REPLY: the SyncSource's data for a requested range.</summary>
public sealed record ResyncData(ulong Id, long Offset, ReadOnlyMemory<byte> Data) : ReplicationPacket
{
    public override ReadOnlyMemory<byte> Payload => Data;
}

/// <summary>P_RS_IS_IN_SYNC: the digests matched; nothing travels for this range.</summary>
public sealed record ResyncInSync(ulong Id, long Offset, int Length) : ReplicationPacket;

/// <summary>P_RS_WRITE_ACK: the SyncTarget has written (or skipped) a resync range; the source clears its bits.</summary>
public sealed record ResyncAck(ulong Id, long Offset, int Length) : ReplicationPacket;

/// <summary>P_NEG_RS_DREPLY: the SyncSource could not read the range.</summary>
public sealed record ResyncNegReply(ulong Id, long Offset, int Length) : ReplicationPacket;

/// <summary>P_OV_REQUEST: online verify; the digest of the sender's copy of the range.</summary>
public sealed record VerifyRequest(ulong Id, long Offset, int Length, ReadOnlyMemory<byte> Digest) : ReplicationPacket
{
    public override ReadOnlyMemory<byte> Payload => Digest;
}

/// <summary>P_OV_REPLY: whether the peer's copy matched.</summary>
public sealed record VerifyReply(ulong Id, long Offset, int Length, bool InSync) : ReplicationPacket;

/// <summary>P_OUT_OF_SYNC: the sender marked a range out of sync (e.g. a write it could not replicate).</summary>
public sealed record OutOfSync(long Offset, int Length) : ReplicationPacket;

/// <summary>P_DATA_REQUEST: a Diskless Primary reads from the peer's disk.</summary>
public sealed record ReadRequest(ulong Id, long Offset, int Length) : ReplicationPacket;

/// <summary>P_DATA_REPLY: the answer to <see cref="ReadRequest"/>; <paramref name="Ok"/> false on a read error.</summary>
public sealed record ReadReply(ulong Id, bool Ok, ReadOnlyMemory<byte> Data) : ReplicationPacket
{
    public override ReadOnlyMemory<byte> Payload => Data;
}

/// <summary>The sender's resync or verify pass is over (the SyncTarget found no dirty bits left, or verify reached the end).</summary>
public sealed record SyncDone(long OutOfSyncBytes) : ReplicationPacket;

/// <summary>P_PING / P_PING_ACK: keepalive on an otherwise idle link.</summary>
public sealed record Ping : ReplicationPacket;

/// <summary>Answer to <see cref="Ping"/>.</summary>
public sealed record PingAck : ReplicationPacket;

/// <summary>The sender is closing the connection on purpose; <paramref name="Reason"/> is logged by the receiver.</summary>
public sealed record Goodbye(string Reason) : ReplicationPacket;
