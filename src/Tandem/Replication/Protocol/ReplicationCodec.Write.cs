using System.Text;
using T = Tandem.Replication.Protocol.ReplicationPacketType;

namespace Tandem.Replication.Protocol;

// Writers of the payload layouts listed in ReplicationCodec.Read.cs. Every bound the reader enforces is
// checked here too, so a bad packet fails at the sender with an ArgumentException instead of at the peer.
public static partial class ReplicationCodec
{
    private const int HelloFixedLength = 56;
    private const int RangeLength = 20;

    /// <summary>Packet type, header flags, length of the payload written by <see cref="WriteFixed"/> and the trailing bytes.</summary>
    private static (T Type, ushort Flags, int FixedLength, ReadOnlyMemory<byte> Tail) Describe(ReplicationPacket packet) => packet switch
    {
        Write w => (T.Write, w.Fua ? ReplicationFlags.Fua : (ushort)0, WriteFields, CheckWrite(w)),
        WriteAck => (T.WriteAck, 0, 8, default),
        RecvAck => (T.RecvAck, 0, 8, default),
        Barrier b => (T.Barrier, b.Flush ? ReplicationFlags.Flush : (ushort)0, 4, default),
        BarrierAck b => (T.BarrierAck, 0, CheckNonNegative(b.Writes, 8), default),
        NegAck => (T.NegAck, 0, 8, default),
        ResyncData d => (T.ResyncData, 0, ResyncDataFields, CheckData(d.Offset, d.Data)),
        ResyncRequest q => (T.ResyncRequest, 0, CheckRange(q.Offset, q.Length, ReplicationLimits.MaxDataLength), default),
        ResyncAck a => (T.ResyncAck, 0, CheckRange(a.Offset, a.Length), default),
        ResyncInSync s => (T.ResyncInSync, 0, CheckRange(s.Offset, s.Length), default),
        ResyncNegReply n => (T.ResyncNegReply, 0, CheckRange(n.Offset, n.Length), default),
        ChecksumRequest c => (T.ChecksumRequest, 0, CheckRange(c.Offset, c.Length, ReplicationLimits.MaxDataLength), CheckDigest(c.Digest)),
        VerifyRequest v => (T.VerifyRequest, 0, CheckRange(v.Offset, v.Length), CheckDigest(v.Digest)),
        VerifyReply v => (T.VerifyReply, v.InSync ? ReplicationFlags.InSync : (ushort)0, CheckRange(v.Offset, v.Length), default),
        ReadRequest q => (T.ReadRequest, 0, CheckRange(q.Offset, q.Length, ReplicationLimits.MaxDataLength), default),
        ReadReply d => (T.ReadReply, d.Ok ? ReplicationFlags.Ok : (ushort)0, ReadReplyFields, CheckData(0, d.Data)),
        OutOfSync o => (T.OutOfSync, 0, CheckRange(o.Offset, o.Length) == RangeLength ? 12 : 0, default),
        BitmapRuns b => (T.BitmapRuns, b.Last ? ReplicationFlags.Last : (ushort)0, CheckRuns(b.Runs), default),
        StateReport s => (T.StateReport, s.DiscardMyData ? ReplicationFlags.DiscardMyData : (ushort)0, CheckStateReport(s), default),
        SyncDone s => (T.SyncDone, 0, CheckNonNegative(s.OutOfSyncBytes, 8), default),
        Ping => (T.Ping, 0, 0, default),
        PingAck => (T.PingAck, 0, 0, default),
        Goodbye g => (T.Goodbye, 0, ReasonLength(g.Reason), default),
        Hello h => (T.Hello, 0, CheckHello(h), default),
        AuthResponse a => (T.AuthResponse, 0, a.Mac.Length == ReplicationLimits.ChallengeLength ? a.Mac.Length : throw Invalid("the MAC must be 32 bytes"), default),
        Welcome => (T.Welcome, 0, 0, default),
        _ => throw new ArgumentException($"no wire format for {packet.GetType().Name}", nameof(packet)),
    };

    private static void WriteFixed(ReplicationPacket packet, Span<byte> destination)
    {
        var w = new FrameWriter(destination);
        switch (packet)
        {
            case Write p:
                w.U64(p.Id);
                w.U32(p.Epoch);
                w.U8((byte)p.Kind);
                w.Zero(3);
                w.I64(p.Offset);
                w.I32(p.Length);
                break;
            case WriteAck p: w.U64(p.Id); break;
            case RecvAck p: w.U64(p.Id); break;
            case NegAck p: w.U64(p.Id); break;
            case Barrier p: w.U32(p.Epoch); break;
            case BarrierAck p: w.U32(p.Epoch); w.I32(p.Writes); break;
            case ResyncData p: w.U64(p.Id); w.I64(p.Offset); break;
            case ResyncRequest p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ResyncAck p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ResyncInSync p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ResyncNegReply p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ChecksumRequest p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case VerifyRequest p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case VerifyReply p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ReadRequest p: Range(ref w, p.Id, p.Offset, p.Length); break;
            case ReadReply p: w.U64(p.Id); break;
            case OutOfSync p: w.I64(p.Offset); w.I32(p.Length); break;
            case BitmapRuns p:
                w.U32((uint)p.Runs.Count);
                foreach (DirtyRange run in p.Runs)
                {
                    w.I64(run.Offset);
                    w.I64(run.Length);
                }

                break;
            case StateReport p:
                w.U8((byte)p.Role);
                w.U8((byte)p.Disk);
                w.Zero(2);
                w.U32(p.MetadataFlags);
                w.U64(p.CurrentUuid);
                w.U64(p.BitmapUuid);
                w.U64(p.History0);
                w.U64(p.History1);
                w.I64(p.OutOfSyncBytes);
                w.I64(p.SizeBytes);
                break;
            case SyncDone p: w.I64(p.OutOfSyncBytes); break;
            case Goodbye p: w.Bytes(ReasonBytes(p.Reason)); break;
            case Hello p:
                w.U16(p.Version);
                w.U8((byte)('A' + (int)p.Protocol));
                w.U8((byte)p.AfterSb0Pri);
                w.U8((byte)p.AfterSb1Pri);
                w.U8((byte)p.AfterSb2Pri);
                w.U8((byte)p.Fencing);
                w.Zero(1);
                w.U64((ulong)p.Features);
                w.I64(p.DataSize);
                w.Bytes(p.Challenge.Span);
                w.Name(p.Cluster);
                w.Name(p.Volume);
                w.Name(p.Node);
                break;
            case AuthResponse p: w.Bytes(p.Mac.Span); break;
        }
    }

    private static void Range(ref FrameWriter w, ulong id, long offset, int length)
    {
        w.U64(id);
        w.I64(offset);
        w.I32(length);
    }

    private static ReadOnlyMemory<byte> CheckWrite(Write w)
    {
        CheckRange(w.Offset, w.Length);
        int carried = w.Kind == WriteKind.Data ? w.Length : 0;
        if (!Enum.IsDefined(w.Kind) || w.Data.Length != carried || carried > ReplicationLimits.MaxDataLength)
        {
            throw Invalid($"a {w.Kind} write of {w.Length} bytes cannot carry {w.Data.Length} bytes (data writes carry at most {ReplicationLimits.MaxDataLength})");
        }

        return w.Data;
    }

    private static ReadOnlyMemory<byte> CheckData(long offset, ReadOnlyMemory<byte> data) =>
        offset >= 0 && data.Length <= ReplicationLimits.MaxDataLength && offset <= long.MaxValue - data.Length
            ? data
            : throw Invalid($"data of {data.Length} bytes at {offset} is out of bounds (at most {ReplicationLimits.MaxDataLength} bytes)");

    private static ReadOnlyMemory<byte> CheckDigest(ReadOnlyMemory<byte> digest) => digest.Length <= ReplicationLimits.MaxDigestLength
        ? digest
        : throw Invalid($"a digest of {digest.Length} bytes exceeds {ReplicationLimits.MaxDigestLength}");

    /// <returns>The fixed length of an id + range payload.</returns>
    private static int CheckRange(long offset, int length, int maxLength = int.MaxValue) =>
        offset >= 0 && length >= 0 && length <= maxLength && offset <= long.MaxValue - length
            ? RangeLength
            : throw Invalid($"range {offset}+{length} is out of bounds (length at most {maxLength})");

    private static int CheckNonNegative(long value, int fixedLength) => value >= 0 ? fixedLength : throw Invalid($"{value} must not be negative");

    private static int CheckRuns(IReadOnlyList<DirtyRange> runs)
    {
        if (runs.Count > ReplicationLimits.MaxBitmapRuns)
        {
            throw Invalid($"{runs.Count} runs exceed {ReplicationLimits.MaxBitmapRuns} per packet; split them");
        }

        foreach (DirtyRange run in runs)
        {
            if (run.Offset < 0 || run.Length < 0 || run.Offset > long.MaxValue - run.Length)
            {
                throw Invalid($"run {run.Offset}+{run.Length} is out of bounds");
            }
        }

        return 4 + (16 * runs.Count);
    }

    private static int CheckStateReport(StateReport s) =>
        Enum.IsDefined(s.Role) && Enum.IsDefined(s.Disk) && s.OutOfSyncBytes >= 0 && s.SizeBytes >= 0
            ? 56
            : throw Invalid($"state report {s.Role}/{s.Disk}, out of sync {s.OutOfSyncBytes}, size {s.SizeBytes} is out of bounds");

    private static int CheckHello(Hello h)
    {
        if (h.Challenge.Length != ReplicationLimits.ChallengeLength || h.DataSize < 0 || !Enum.IsDefined(h.Protocol)
            || !Enum.IsDefined(h.AfterSb0Pri) || !Enum.IsDefined(h.AfterSb1Pri) || !Enum.IsDefined(h.AfterSb2Pri)
            || !Enum.IsDefined(h.Fencing))
        {
            throw Invalid("hello has a bad challenge length, size or setting");
        }

        return HelloFixedLength + NameLength(h.Cluster) + NameLength(h.Volume) + NameLength(h.Node);
    }

    private static int NameLength(string name)
    {
        int length = FrameReader.Strict.GetByteCount(name);
        return length <= ReplicationLimits.MaxNameLength ? 1 + length : throw Invalid($"name \"{name}\" exceeds {ReplicationLimits.MaxNameLength} bytes");
    }

    private static int ReasonLength(string reason) => ReasonBytes(reason).Length;

    /// <summary>The reason in UTF-8, cut to <see cref="ReplicationLimits.MaxReasonLength"/> bytes at a character boundary.</summary>
    private static byte[] ReasonBytes(string reason)
    {
        byte[] all = Encoding.UTF8.GetBytes(reason);
        if (all.Length <= ReplicationLimits.MaxReasonLength)
        {
            return all;
        }

        int cut = ReplicationLimits.MaxReasonLength;
        while (cut > 0 && (all[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return all[..cut];
    }

    private static ArgumentException Invalid(string message) => new(message, "packet");
}
