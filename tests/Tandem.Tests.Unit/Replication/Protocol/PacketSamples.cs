using Tandem.Config;
using Tandem.Replication.Protocol;
using Tandem.Volume;
using Barrier = Tandem.Replication.Protocol.Barrier;

namespace Tandem.Tests.Unit.Replication.Protocol;

/// <summary>One or more instances of every packet type, with edge values.</summary>
internal static class PacketSamples
{
    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static IEnumerable<ReplicationPacket> All()
    {
        yield return new Hello(1, LinkFeatures.None, "db", "r0", "db-server-01", ReplicationProtocol.C, 1L << 40,
            AfterSb0Pri.DiscardLeastChanges, AfterSb1Pri.Consensus, AfterSb2Pri.Disconnect, FencingPolicy.ResourceOnly, Bytes(32));
        yield return new Hello(ushort.MaxValue, (LinkFeatures)ulong.MaxValue, "", new string('v', 255), "nœud-ü", ReplicationProtocol.A, 0,
            AfterSb0Pri.Disconnect, AfterSb1Pri.DiscardSecondary, AfterSb2Pri.Disconnect, FencingPolicy.DontCare, Bytes(32, 2));
        yield return new AuthResponse(Bytes(32, 3));
        yield return new Welcome();
        yield return new StateReport(Role.Primary, DiskState.UpToDate, 0xdeadbeef, ulong.MaxValue, 1, 2, 3, 4096, 1L << 30, true);
        yield return new StateReport(Role.Unknown, DiskState.Diskless, 0, 0, 0, 0, 0, 0, 0, false);
        yield return new StateReport(Role.Secondary, DiskState.UpToDate, 0x3333, 0x2222, 0x1111, 0,
            (uint)(Tandem.Metadata.MetadataFlags.Consistent | Tandem.Metadata.MetadataFlags.LostPeerAsPrimary), 8192, 1L << 30, false);
        yield return new Write(7, 3, 4096, 4096, WriteKind.Data, true, Bytes(4096, 4));
        yield return new Write(ulong.MaxValue, uint.MaxValue, 0, ReplicationLimits.MaxDataLength, WriteKind.Data, false, Bytes(ReplicationLimits.MaxDataLength, 5));
        yield return new Write(8, 3, long.MaxValue - int.MaxValue, int.MaxValue, WriteKind.Trim, false, ReadOnlyMemory<byte>.Empty);
        yield return new Write(9, 4, 512, 1 << 20, WriteKind.Zeroes, true, ReadOnlyMemory<byte>.Empty);
        yield return new Write(10, 4, 0, 0, WriteKind.Data, true, ReadOnlyMemory<byte>.Empty);
        yield return new RecvAck(1);
        yield return new WriteAck(ulong.MaxValue);
        yield return new NegAck(2);
        yield return new Barrier(5, true);
        yield return new Barrier(uint.MaxValue, false);
        yield return new BarrierAck(5, 17);
        yield return new BitmapRuns([new DirtyRange(0, 4096), new DirtyRange(1L << 40, 1L << 20)], true);
        yield return new BitmapRuns([], false);
        yield return new BitmapRuns(Enumerable.Range(0, ReplicationLimits.MaxBitmapRuns).Select(i => new DirtyRange(i * 8192L, 4096)).ToArray(), true);
        yield return new ResyncRequest(11, 1L << 33, ReplicationLimits.MaxDataLength);
        yield return new ChecksumRequest(12, 8192, 65536, Bytes(32, 6));
        yield return new ChecksumRequest(13, 0, 0, ReadOnlyMemory<byte>.Empty);
        yield return new ResyncData(14, 1L << 33, Bytes(65536, 7));
        yield return new ResyncData(15, 0, ReadOnlyMemory<byte>.Empty);
        yield return new ResyncInSync(16, 0, int.MaxValue);
        yield return new ResyncAck(17, 4096, 4096);
        yield return new ResyncNegReply(18, 4096, 4096);
        yield return new VerifyRequest(19, 0, 1 << 20, Bytes(ReplicationLimits.MaxDigestLength, 8));
        yield return new VerifyReply(20, 0, 1 << 24, true);
        yield return new VerifyReply(21, 4096, 4096, false);
        yield return new OutOfSync(1L << 35, 4096);
        yield return new ReadRequest(22, 0, 4096);
        yield return new ReadReply(22, true, Bytes(4096, 9));
        yield return new ReadReply(23, false, ReadOnlyMemory<byte>.Empty);
        yield return new SyncDone(0);
        yield return new SyncDone(long.MaxValue);
        yield return new Ping();
        yield return new PingAck();
        yield return new Goodbye("stopping");
        yield return new Goodbye("");
        yield return new Goodbye("déconnexion ✓");
    }
}
