using Tandem.Config;
using Tandem.Volume;
using T = Tandem.Replication.Protocol.ReplicationPacketType;

namespace Tandem.Replication.Protocol;

// Payload layouts, big-endian, after the 16-byte header (ReplicationFrameHeader). "range" is
// i64 offset (>= 0), i32 length (>= 0), offset + length must not overflow.
//
// Hello           56 + names  u16 version, u8 protocol letter 'A'|'B'|'C', u8 after-sb-0pri, u8 after-sb-1pri,
//                             u8 after-sb-2pri, u8 fencing, u8 reserved, u64 features, i64 data size, 32 challenge,
//                             then cluster, volume, node, each u8 length + UTF-8 (at most 255 bytes)
// AuthResponse    32          HMAC-SHA256
// Welcome, Ping, PingAck  0
// StateReport     56          u8 role, u8 disk state, u16 reserved, u32 metadata flags, u64 current uuid,
//                             u64 bitmap uuid, u64 history[0], u64 history[1], i64 out-of-sync bytes, i64 size;
//                             flag DiscardMyData. The metadata flags are MetadataFlags as on disk, unknown bits
//                             included (LostPeerAsPrimary, bit 16, feeds after_sb_0pri = discard-younger/older-primary)
// Write           28 + data   u64 id, u32 epoch, u8 kind, u8 reserved, u16 reserved, range; flag Fua.
//                             Kind Data carries exactly `length` bytes (<= 1 MiB); Trim and Zeroes carry none
// RecvAck, WriteAck, NegAck 8 u64 id
// Barrier         4           u32 epoch; flag Flush
// BarrierAck      8           u32 epoch, i32 writes (>= 0)
// BitmapRuns      4 + 16 n    u32 n (<= MaxBitmapRuns), n x (i64 offset, i64 length), both >= 0; flag Last
// ResyncRequest, ReadRequest 20   u64 id, range with length <= 1 MiB (the reply must fit a frame)
// ResyncInSync, ResyncAck, ResyncNegReply 20   u64 id, range
// ChecksumRequest 20 + digest u64 id, range with length <= 1 MiB, digest (<= 4 KiB: 16 bytes per 4 KiB block)
// VerifyRequest   20 + digest u64 id, range with length <= 1 MiB, digest (<= 4 KiB)
// VerifyReply     20          u64 id, range; flag InSync
// ResyncData      16 + data   u64 id, i64 offset, data (<= 1 MiB)
// OutOfSync       12          range
// ReadReply       8 + data    u64 id, data (<= 1 MiB); flag Ok
// SyncDone        8           i64 out-of-sync bytes
// Goodbye         n           UTF-8 reason (<= 1024 bytes)
public static partial class ReplicationCodec
{
    private static ushort AllowedFlags(T type) => type switch
    {
        T.Write => ReplicationFlags.Fua,
        T.BitmapRuns => ReplicationFlags.Last,
        T.ReadReply => ReplicationFlags.Ok,
        T.VerifyReply => ReplicationFlags.InSync,
        T.Barrier => ReplicationFlags.Flush,
        T.StateReport => ReplicationFlags.DiscardMyData,
        _ => 0,
    };

    private static ReplicationPacket Parse(ReplicationFrameHeader header, ReadOnlyMemory<byte> memory)
    {
        var r = new FrameReader(memory.Span, header.Type);
        bool flag = (header.Flags & 1) != 0;
        ReplicationPacket packet = header.Type switch
        {
            T.Hello => ReadHello(ref r, memory),
            T.AuthResponse => ReadAuthResponse(ref r, memory),
            T.Welcome => new Welcome(),
            T.StateReport => ReadStateReport(ref r, flag),
            T.Write => ReadWrite(ref r, memory, flag),
            T.RecvAck => new RecvAck(r.U64()),
            T.WriteAck => new WriteAck(r.U64()),
            T.NegAck => new NegAck(r.U64()),
            T.Barrier => new Barrier(r.U32(), flag),
            T.BarrierAck => new BarrierAck(r.U32(), r.Length("writes")),
            T.BitmapRuns => ReadBitmapRuns(ref r, flag),
            T.ResyncRequest => ReadRange(ref r, ReplicationLimits.MaxDataLength, (id, o, l) => new ResyncRequest(id, o, l)),
            T.ResyncInSync => ReadRange(ref r, int.MaxValue, (id, o, l) => new ResyncInSync(id, o, l)),
            T.ResyncAck => ReadRange(ref r, int.MaxValue, (id, o, l) => new ResyncAck(id, o, l)),
            T.ResyncNegReply => ReadRange(ref r, int.MaxValue, (id, o, l) => new ResyncNegReply(id, o, l)),
            T.ReadRequest => ReadRange(ref r, ReplicationLimits.MaxDataLength, (id, o, l) => new ReadRequest(id, o, l)),
            T.ChecksumRequest => ReadDigestRequest(ref r, memory, ReplicationLimits.MaxDataLength, (id, o, l, d) => new ChecksumRequest(id, o, l, d)),
            T.VerifyRequest => ReadDigestRequest(ref r, memory, ReplicationLimits.MaxDataLength, (id, o, l, d) => new VerifyRequest(id, o, l, d)),
            T.VerifyReply => ReadVerifyReply(ref r, flag),
            T.ResyncData => ReadResyncData(ref r, memory),
            T.OutOfSync => ReadOutOfSync(ref r),
            T.ReadReply => ReadReadReply(ref r, memory, flag),
            T.SyncDone => new SyncDone(r.NonNegative("out-of-sync bytes")),
            T.Ping => new Ping(),
            T.PingAck => new PingAck(),
            T.Goodbye => ReadGoodbye(ref r),
            _ => throw r.Bad("unknown packet type"),
        };
        r.End();
        return packet;
    }

    private static Hello ReadHello(ref FrameReader r, ReadOnlyMemory<byte> memory)
    {
        ushort version = r.U16();
        byte letter = r.U8();
        if (letter is < (byte)'A' or > (byte)'C')
        {
            throw r.Bad($"protocol letter 0x{letter:x2} is not A, B or C");
        }

        var asb0 = Defined<AfterSb0Pri>(ref r, "after-sb-0pri");
        var asb1 = Defined<AfterSb1Pri>(ref r, "after-sb-1pri");
        var asb2 = Defined<AfterSb2Pri>(ref r, "after-sb-2pri");
        var fencing = Defined<FencingPolicy>(ref r, "fencing");
        r.Reserved(1);
        var features = (LinkFeatures)r.U64();
        long size = r.NonNegative("data size");
        ReadOnlyMemory<byte> challenge = memory.Slice(r.Position, ReplicationLimits.ChallengeLength);
        r.Bytes(ReplicationLimits.ChallengeLength);
        string cluster = r.Name("cluster name", ReplicationLimits.MaxNameLength);
        string volume = r.Name("volume name", ReplicationLimits.MaxNameLength);
        string node = r.Name("node name", ReplicationLimits.MaxNameLength);
        return new Hello(version, features, cluster, volume, node, (ReplicationProtocol)(letter - 'A'), size, asb0, asb1, asb2, fencing, challenge);
    }

    private static AuthResponse ReadAuthResponse(ref FrameReader r, ReadOnlyMemory<byte> memory)
    {
        r.Bytes(ReplicationLimits.ChallengeLength);
        return new AuthResponse(memory[..ReplicationLimits.ChallengeLength]);
    }

    private static VerifyReply ReadVerifyReply(ref FrameReader r, bool inSync)
    {
        ulong id = r.U64();
        (long offset, int length) = Range(ref r, int.MaxValue);
        return new VerifyReply(id, offset, length, inSync);
    }

    private static StateReport ReadStateReport(ref FrameReader r, bool discardMyData)
    {
        var role = Defined<Role>(ref r, "role");
        var disk = Defined<DiskState>(ref r, "disk state");
        r.Reserved(2);
        return new StateReport(role, disk, MetadataFlags: r.U32(), CurrentUuid: r.U64(), BitmapUuid: r.U64(), History0: r.U64(), History1: r.U64(),
            OutOfSyncBytes: r.NonNegative("out-of-sync bytes"), SizeBytes: r.NonNegative("size"), DiscardMyData: discardMyData);
    }

    private static Write ReadWrite(ref FrameReader r, ReadOnlyMemory<byte> memory, bool fua)
    {
        ulong id = r.U64();
        uint epoch = r.U32();
        byte kindByte = r.U8();
        var kind = kindByte <= (byte)WriteKind.Zeroes ? (WriteKind)kindByte : throw r.Bad($"write kind {kindByte} is not defined");
        r.Reserved(3);
        (long offset, int length) = Range(ref r, int.MaxValue);
        int carried = kind == WriteKind.Data ? length : 0;
        if (carried > ReplicationLimits.MaxDataLength || r.Remaining != carried)
        {
            throw r.Bad($"{kind} write of {length} bytes carries {r.Remaining} bytes of data");
        }

        ReadOnlyMemory<byte> data = memory.Slice(r.Position, carried);
        r.Bytes(carried);
        return new Write(id, epoch, offset, length, kind, fua, data);
    }

    private static BitmapRuns ReadBitmapRuns(ref FrameReader r, bool last)
    {
        uint count = r.U32();
        if (count > ReplicationLimits.MaxBitmapRuns || count * 16 != r.Remaining)
        {
            throw r.Bad($"{count} runs do not match {r.Remaining} bytes (at most {ReplicationLimits.MaxBitmapRuns} runs)");
        }

        var runs = new DirtyRange[count];
        for (int i = 0; i < runs.Length; i++)
        {
            long offset = r.NonNegative("run offset");
            long length = r.NonNegative("run length");
            if (offset > long.MaxValue - length)
            {
                throw r.Bad($"run {offset}+{length} overflows");
            }

            runs[i] = new DirtyRange(offset, length);
        }

        return new BitmapRuns(runs, last);
    }

    private static TPacket ReadRange<TPacket>(ref FrameReader r, int maxLength, Func<ulong, long, int, TPacket> make)
    {
        ulong id = r.U64();
        (long offset, int length) = Range(ref r, maxLength);
        return make(id, offset, length);
    }

    private static TPacket ReadDigestRequest<TPacket>(ref FrameReader r, ReadOnlyMemory<byte> memory, int maxLength,
        Func<ulong, long, int, ReadOnlyMemory<byte>, TPacket> make)
    {
        ulong id = r.U64();
        (long offset, int length) = Range(ref r, maxLength);
        if (r.Remaining > ReplicationLimits.MaxDigestLength)
        {
            throw r.Bad($"digest of {r.Remaining} bytes exceeds {ReplicationLimits.MaxDigestLength}");
        }

        ReadOnlyMemory<byte> digest = memory[r.Position..];
        r.Bytes(r.Remaining);
        return make(id, offset, length, digest);
    }

    private static ResyncData ReadResyncData(ref FrameReader r, ReadOnlyMemory<byte> memory)
    {
        ulong id = r.U64();
        long offset = r.NonNegative("offset");
        return new ResyncData(id, offset, TakeData(ref r, memory, offset));
    }

    private static ReadReply ReadReadReply(ref FrameReader r, ReadOnlyMemory<byte> memory, bool ok)
    {
        ulong id = r.U64();
        return new ReadReply(id, ok, TakeData(ref r, memory, 0));
    }

    private static ReadOnlyMemory<byte> TakeData(ref FrameReader r, ReadOnlyMemory<byte> memory, long offset)
    {
        int length = r.Remaining;
        if (length > ReplicationLimits.MaxDataLength || offset > long.MaxValue - length)
        {
            throw r.Bad($"data of {length} bytes at {offset} is out of bounds");
        }

        ReadOnlyMemory<byte> data = memory.Slice(r.Position, length);
        r.Bytes(length);
        return data;
    }

    private static OutOfSync ReadOutOfSync(ref FrameReader r)
    {
        (long offset, int length) = Range(ref r, int.MaxValue);
        return new OutOfSync(offset, length);
    }

    private static Goodbye ReadGoodbye(ref FrameReader r)
    {
        if (r.Remaining > ReplicationLimits.MaxReasonLength)
        {
            throw r.Bad($"reason of {r.Remaining} bytes exceeds {ReplicationLimits.MaxReasonLength}");
        }

        try
        {
            return new Goodbye(FrameReader.Strict.GetString(r.Bytes(r.Remaining)));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw r.Bad("reason is not valid UTF-8");
        }
    }

    private static (long Offset, int Length) Range(ref FrameReader r, int maxLength)
    {
        long offset = r.NonNegative("offset");
        int length = r.Length("length", maxLength);
        return offset <= long.MaxValue - length ? (offset, length) : throw r.Bad($"range {offset}+{length} overflows");
    }

    private static TEnum Defined<TEnum>(ref FrameReader r, string field) where TEnum : struct, Enum
    {
        byte value = r.U8();
        var e = (TEnum)Enum.ToObject(typeof(TEnum), value);
        return Enum.IsDefined(e) ? e : throw r.Bad($"{field} {value} is not defined");
    }
}
