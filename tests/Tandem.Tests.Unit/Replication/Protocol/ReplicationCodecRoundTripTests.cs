using System.Buffers;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Protocol;

public sealed class ReplicationCodecRoundTripTests
{
    public static TheoryData<int> Samples => new(Enumerable.Range(0, PacketSamples.All().Count()));

    private static ReplicationPacket Sample(int index) => PacketSamples.All().ElementAt(index);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_packet_round_trips(int index)
    {
        ReplicationPacket packet = Sample(index);
        byte[] frame = FrameBuilder.Encode(packet);
        Assert.Equal(ReplicationCodec.FrameLength(packet), frame.Length);

        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
        Assert.True(buffer.IsEmpty);
        PacketAssert.Equal(packet, read);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void WriteHead_and_tail_make_the_same_frame(int index)
    {
        ReplicationPacket packet = Sample(index);
        var writer = new ArrayBufferWriter<byte>();
        ReadOnlyMemory<byte> tail = ReplicationCodec.WriteHead(writer, packet);
        Assert.True(tail.Equals(packet.Payload) || tail.IsEmpty);
        Assert.Equal(FrameBuilder.Encode(packet), writer.WrittenSpan.ToArray().Concat(tail.ToArray()));
    }

    [Fact]
    public void Lost_peer_as_primary_travels_in_the_state_report_flags_word()
    {
        const uint flags = (uint)(Tandem.Metadata.MetadataFlags.WasUpToDate | Tandem.Metadata.MetadataFlags.LostPeerAsPrimary);
        var report = new StateReport(Tandem.Volume.Role.Secondary, Tandem.Volume.DiskState.Outdated, 0x3333, 0x2222, 0, 0, flags, 4096, 1L << 20, false);
        byte[] frame = FrameBuilder.Encode(report);
        // Payload: u8 role, u8 disk, u16 reserved, then the u32 flags word, big-endian, right after the 16-byte header.
        Assert.Equal(flags, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(16 + 4)));
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
        var back = Assert.IsType<StateReport>(read);
        Assert.Equal(report, back);
        Assert.True(((Tandem.Metadata.MetadataFlags)back.MetadataFlags).HasFlag(Tandem.Metadata.MetadataFlags.LostPeerAsPrimary));
    }

    [Fact]
    public void Every_packet_type_has_a_sample()
    {
        var sampled = PacketSamples.All().Select(p => FrameBuilder.Encode(p)[5]).ToHashSet();
        foreach (ReplicationPacketType type in Enum.GetValues<ReplicationPacketType>())
        {
            Assert.Contains((byte)type, sampled);
        }
    }

    [Fact]
    public void Frames_split_into_segments_at_any_byte_parse_the_same()
    {
        foreach (ReplicationPacket packet in PacketSamples.All().Where(p => ReplicationCodec.FrameLength(p) < 200))
        {
            byte[] frame = FrameBuilder.Encode(packet);
            for (int cut = 1; cut < frame.Length; cut++)
            {
                ReadOnlySequence<byte> buffer = FrameBuilder.Segmented(frame, cut, cut + 3);
                Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
                PacketAssert.Equal(packet, read);
            }
        }
    }

    [Fact]
    public void Consecutive_frames_are_read_one_at_a_time_in_order()
    {
        var writer = new ArrayBufferWriter<byte>();
        var packets = PacketSamples.All().Where(p => ReplicationCodec.FrameLength(p) < 100_000).ToList();
        foreach (ReplicationPacket p in packets)
        {
            ReplicationCodec.Write(writer, p);
        }

        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        foreach (ReplicationPacket p in packets)
        {
            Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
            PacketAssert.Equal(p, read);
        }

        Assert.False(ReplicationCodec.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Data_is_copied_out_of_the_read_buffer()
    {
        byte[] frame = FrameBuilder.Encode(new Write(1, 1, 0, 4, WriteKind.Data, false, new byte[] { 1, 2, 3, 4 }));
        var buffer = new ReadOnlySequence<byte>(frame);
        Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
        Array.Clear(frame);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((Write)read).Data.ToArray());
    }

    [Fact]
    public void ReadPayload_slices_data_without_copying()
    {
        byte[] frame = FrameBuilder.Encode(new ResyncData(1, 0, new byte[] { 9, 8, 7 }));
        ReplicationFrameHeader.TryRead(frame, out ReplicationFrameHeader header);
        var payload = frame.AsMemory(ReplicationFrameHeader.Size);
        var data = ((ResyncData)ReplicationCodec.ReadPayload(header, payload)).Data;
        frame[^1] = 42;
        Assert.Equal(42, data.Span[2]);
    }

    [Fact]
    public void Long_goodbye_reasons_are_cut_at_a_character_boundary()
    {
        var buffer = new ReadOnlySequence<byte>(FrameBuilder.Encode(new Goodbye(new string('é', 2000))));
        Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
        Assert.Equal(new string('é', ReplicationLimits.MaxReasonLength / 2), ((Goodbye)read).Reason);
    }
}
