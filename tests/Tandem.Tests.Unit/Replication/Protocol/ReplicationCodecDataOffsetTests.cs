using System.Buffers;
using Tandem.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Replication.Protocol;

/// <summary>A receiver places a payload so its data lands aligned; that needs the fields' size in front of the data.</summary>
public sealed class ReplicationCodecDataOffsetTests
{
    public static TheoryData<ReplicationPacket, ReplicationPacketType> WithData => new()
    {
        { new Write(7, 3, 8192, 4096, WriteKind.Data, true, PacketSamples.Bytes(4096, 2)), ReplicationPacketType.Write },
        { new ResyncData(9, 1 << 20, PacketSamples.Bytes(65536, 3)), ReplicationPacketType.ResyncData },
        { new ReadReply(11, true, PacketSamples.Bytes(512, 4)), ReplicationPacketType.ReadReply },
    };

    [Theory]
    [MemberData(nameof(WithData))]
    public void The_data_starts_at_the_data_offset_of_its_type(ReplicationPacket packet, ReplicationPacketType type)
    {
        var frame = new ArrayBufferWriter<byte>();
        ReplicationCodec.Write(frame, packet);
        int start = ReplicationFrameHeader.Size + ReplicationCodec.DataOffset(type);
        Assert.Equal(packet.Payload.ToArray(), frame.WrittenSpan[start..].ToArray());
    }

    [Fact]
    public void Types_without_data_have_none_in_front_of_it() =>
        Assert.Equal(0, ReplicationCodec.DataOffset(ReplicationPacketType.WriteAck));
}
