using System.Buffers;
using Tandem.Config;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Protocol;

public sealed class ReplicationCodecWriterTests
{
    public static TheoryData<ReplicationPacket> Invalid => new()
    {
        new Write(1, 1, 0, ReplicationLimits.MaxDataLength + 1, WriteKind.Data, false, new byte[ReplicationLimits.MaxDataLength + 1]),
        new Write(1, 1, 0, 4096, WriteKind.Data, false, new byte[4095]),
        new Write(1, 1, 0, 4096, WriteKind.Trim, false, new byte[1]),
        new Write(1, 1, -1, 0, WriteKind.Trim, false, default),
        new ResyncData(1, 0, new byte[ReplicationLimits.MaxDataLength + 1]),
        new ResyncRequest(1, 0, ReplicationLimits.MaxDataLength + 1),
        new ResyncAck(1, long.MaxValue, 1),
        new OutOfSync(-1, 1),
        new BitmapRuns(new DirtyRange[ReplicationLimits.MaxBitmapRuns + 1], true),
        new BitmapRuns([new DirtyRange(-1, 1)], true),
        new VerifyRequest(1, 0, 1, new byte[ReplicationLimits.MaxDigestLength + 1]),
        new BarrierAck(1, -1),
        new SyncDone(-1),
        new AuthResponse(new byte[31]),
        new Hello(1, 0, "db", "r0", new string('n', 256), ReplicationProtocol.C, 0, 0, 0, 0, 0, new byte[32]),
        new Hello(1, 0, "db", "r0", "n", ReplicationProtocol.C, 0, 0, 0, 0, 0, new byte[31]),
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Out_of_bounds_packets_fail_at_the_sender(ReplicationPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => ReplicationCodec.Write(writer, packet));
        Assert.Equal(0, writer.WrittenCount);
    }
}
