using System.Buffers;
using Tandem.Replication.Protocol;
using T = Tandem.Replication.Protocol.ReplicationPacketType;

namespace Tandem.Tests.Unit.Replication.Protocol;

public sealed class ReplicationCodecHostileTests
{
    private static ReplicationProtocolException Bad(byte[] frame, int maxPayload = ReplicationLimits.MaxPayloadLength)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        return Assert.Throws<ReplicationProtocolException>(() => ReplicationCodec.TryRead(ref buffer, out _, maxPayload));
    }

    private static byte[] Range(ulong id, long offset, int length) => FrameBuilder.Payload(id, offset, length);

    [Fact]
    public void A_frame_truncated_at_any_byte_is_partial_and_leaves_the_buffer_alone()
    {
        foreach (ReplicationPacket packet in PacketSamples.All().Where(p => ReplicationCodec.FrameLength(p) < 5000))
        {
            byte[] frame = FrameBuilder.Encode(packet);
            for (int length = 0; length < frame.Length; length++)
            {
                var buffer = new ReadOnlySequence<byte>(frame, 0, length);
                Assert.False(ReplicationCodec.TryRead(ref buffer, out _), $"{packet.GetType().Name} cut at {length}");
                Assert.Equal(length, buffer.Length);
            }
        }
    }

    [Fact]
    public void An_oversized_payload_length_is_refused_from_the_header_alone()
    {
        byte[] header = FrameBuilder.Frame(T.Write, 0, [], declaredLength: ReplicationLimits.MaxPayloadLength + 1);
        Assert.Contains("exceeds", Bad(header).Message);
        byte[] huge = FrameBuilder.Frame(T.Write, 0, [], declaredLength: -1);
        Assert.Contains("exceeds", Bad(huge).Message);
    }

    [Fact]
    public void Before_authentication_only_small_frames_are_accepted()
    {
        byte[] header = FrameBuilder.Frame(T.Hello, 0, [], declaredLength: ReplicationLimits.MaxHandshakePayloadLength + 1);
        Bad(header, ReplicationLimits.MaxHandshakePayloadLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(39)]
    [InlineData(0xffff)]
    public void Unknown_packet_types_are_refused(ushort type)
    {
        Assert.Contains("unknown packet type", Bad(FrameBuilder.Frame((T)type, 0, [])).Message);
    }

    [Fact]
    public void Bad_magic_and_bad_header_checksum_are_refused()
    {
        byte[] frame = FrameBuilder.Encode(new Ping());
        frame[0] ^= 1;
        Assert.Contains("magic", Bad(frame).Message);

        frame = FrameBuilder.Encode(new Ping());
        frame[7] = 1; // a flag, checksum not updated
        Assert.Contains("checksum", Bad(frame).Message);
    }

    [Fact]
    public void Undefined_flags_are_refused()
    {
        Assert.Contains("flags", Bad(FrameBuilder.Frame(T.Ping, 1, [])).Message);
        Assert.Contains("flags", Bad(FrameBuilder.Frame(T.Write, 2, FrameBuilder.Payload(1UL, 1u, 1, 0L, 0))).Message);
    }

    [Fact]
    public void Negative_offsets_and_lengths_are_refused()
    {
        Bad(FrameBuilder.Frame(T.Write, 0, FrameBuilder.Payload(1UL, 1u, (byte)0, (byte)0, (ushort)0, -4096L, 0)));
        Bad(FrameBuilder.Frame(T.Write, 0, FrameBuilder.Payload(1UL, 1u, (byte)1, (byte)0, (ushort)0, 0L, -1)));
        Bad(FrameBuilder.Frame(T.ResyncAck, 0, Range(1, -1, 4096)));
        Bad(FrameBuilder.Frame(T.ResyncAck, 0, Range(1, 0, -4096)));
        Bad(FrameBuilder.Frame(T.ResyncData, 0, FrameBuilder.Payload(1UL, long.MinValue)));
        Bad(FrameBuilder.Frame(T.OutOfSync, 0, FrameBuilder.Payload(-1L, 4096)));
        Bad(FrameBuilder.Frame(T.BarrierAck, 0, FrameBuilder.Payload(1u, -1)));
        Bad(FrameBuilder.Frame(T.SyncDone, 0, FrameBuilder.Payload(-1L)));
        Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload(1u, 0L, -1L)));
    }

    [Fact]
    public void Ranges_that_overflow_are_refused()
    {
        Assert.Contains("overflows", Bad(FrameBuilder.Frame(T.ResyncAck, 0, Range(1, long.MaxValue, 1))).Message);
        Assert.Contains("overflows", Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload(1u, long.MaxValue, 1L))).Message);
    }

    [Fact]
    public void Requests_for_more_data_than_a_frame_can_carry_are_refused()
    {
        Bad(FrameBuilder.Frame(T.ResyncRequest, 0, Range(1, 0, ReplicationLimits.MaxDataLength + 1)));
        Bad(FrameBuilder.Frame(T.ReadRequest, 0, Range(1, 0, ReplicationLimits.MaxDataLength + 1)));
        Bad(FrameBuilder.Frame(T.ChecksumRequest, 0, Range(1, 0, ReplicationLimits.MaxDataLength + 1)));
    }

    [Fact]
    public void Write_data_must_match_its_length_and_kind()
    {
        byte[] Write(byte kind, int length, int carried) =>
            FrameBuilder.Frame(T.Write, 0, FrameBuilder.Payload(1UL, 1u, kind, (byte)0, (ushort)0, 0L, length, new byte[carried]));
        Bad(Write(0, 4096, 4095));
        Bad(Write(0, 4096, 4097));
        Bad(Write(1, 4096, 1)); // a trim carries no data
        Bad(Write(3, 0, 0)); // unknown kind
        Bad(Write(0, ReplicationLimits.MaxDataLength + 1, ReplicationLimits.MaxDataLength + 1));
    }

    [Fact]
    public void Oversized_payloads_inside_the_frame_limit_are_refused()
    {
        Bad(FrameBuilder.Frame(T.ResyncData, 0, FrameBuilder.Payload(1UL, 0L, new byte[ReplicationLimits.MaxDataLength + 1])));
        Bad(FrameBuilder.Frame(T.ReadReply, 0, FrameBuilder.Payload(1UL, new byte[ReplicationLimits.MaxDataLength + 1])));
        Bad(FrameBuilder.Frame(T.VerifyRequest, 0, FrameBuilder.Payload(Range(1, 0, 4096), new byte[ReplicationLimits.MaxDigestLength + 1])));
        Bad(FrameBuilder.Frame(T.Goodbye, 0, new byte[ReplicationLimits.MaxReasonLength + 1]));
    }

    [Fact]
    public void Bitmap_run_counts_are_bounded_and_must_match_the_payload()
    {
        Assert.Contains("runs", Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload(uint.MaxValue))).Message);
        Assert.Contains("runs", Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload((uint)ReplicationLimits.MaxBitmapRuns + 1))).Message);
        Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload(2u, 0L, 4096L)));
        Bad(FrameBuilder.Frame(T.BitmapRuns, 0, FrameBuilder.Payload(0u, 0L)));
    }

    [Fact]
    public void Fixed_size_packets_must_have_exactly_their_size()
    {
        Bad(FrameBuilder.Frame(T.WriteAck, 0, new byte[7]));
        Assert.Contains("unexpected", Bad(FrameBuilder.Frame(T.WriteAck, 0, new byte[9])).Message);
        Bad(FrameBuilder.Frame(T.Ping, 0, new byte[1]));
        Bad(FrameBuilder.Frame(T.AuthResponse, 0, new byte[31]));
        Bad(FrameBuilder.Frame(T.AuthResponse, 0, new byte[33]));
        Bad(FrameBuilder.Frame(T.StateReport, 0, new byte[55]));
    }

    [Fact]
    public void Undefined_enum_values_and_reserved_bytes_are_refused()
    {
        byte[] State(byte role, byte disk, ushort reserved) =>
            FrameBuilder.Frame(T.StateReport, 0, FrameBuilder.Payload(role, disk, reserved, 0u, 0UL, 0UL, 0UL, 0UL, 0L, 0L));
        FrameBuilder.Encode(new Ping()); // sanity: the builder works
        Bad(State(3, 0, 0));
        Bad(State(0, 8, 0));
        Assert.Contains("reserved", Bad(State(0, 0, 1)).Message);
    }

    [Fact]
    public void A_hello_with_an_undefined_fencing_policy_or_a_set_reserved_byte_is_refused()
    {
        // u16 version, protocol letter, the three split-brain policies, fencing, reserved, features, size, challenge, names.
        byte[] HelloFrame(byte fencing, byte reserved) => FrameBuilder.Frame(T.Hello, 0, FrameBuilder.Payload(
            (ushort)1, (byte)'C', (byte)0, (byte)0, (byte)0, fencing, reserved, 0UL, 0L, new byte[32], (byte)0, (byte)0, (byte)0));
        var ok = new ReadOnlySequence<byte>(HelloFrame(1, 0));
        Assert.True(ReplicationCodec.TryRead(ref ok, out var hello, ReplicationLimits.MaxPayloadLength));
        Assert.Equal(Tandem.Config.FencingPolicy.ResourceOnly, Assert.IsType<Hello>(hello).Fencing);
        Assert.Contains("fencing", Bad(HelloFrame(7, 0)).Message);
        Assert.Contains("reserved", Bad(HelloFrame(0, 1)).Message);
    }

    [Fact]
    public void State_report_flags_from_an_older_or_newer_peer_are_carried_as_sent()
    {
        // The flags word is the peer's metadata flags: bits this version does not know (a newer peer) and a missing
        // LostPeerAsPrimary (an older peer) are neither refused nor invented.
        foreach (uint flags in new[] { 0u, 0x0000_0011u, 0xFFFF_0000u, uint.MaxValue })
        {
            var buffer = new ReadOnlySequence<byte>(
                FrameBuilder.Frame(T.StateReport, 0, FrameBuilder.Payload((byte)1, (byte)6, (ushort)0, flags, 5UL, 4UL, 0UL, 0UL, 0L, 4096L)));
            Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read));
            Assert.Equal(flags, Assert.IsType<StateReport>(read).MetadataFlags);
        }
    }

    [Fact]
    public void Hello_names_are_bounded_and_must_be_utf8()
    {
        byte[] Hello(byte letter, byte[] names) => FrameBuilder.Frame(T.Hello, 0,
            FrameBuilder.Payload((ushort)1, letter, (byte)0, (byte)0, (byte)0, (ushort)0, 0UL, 0L, new byte[32], names));
        byte[] good = [2, (byte)'d', (byte)'b', 2, (byte)'r', (byte)'0', 1, (byte)'n'];
        var ok = new ReadOnlySequence<byte>(Hello((byte)'C', good));
        Assert.True(ReplicationCodec.TryRead(ref ok, out _));
        Bad(Hello((byte)'D', good));
        Bad(Hello((byte)'C', [2, 0xff, 0xfe, 2, (byte)'r', (byte)'0', 1, (byte)'n']));
        Bad(Hello((byte)'C', [200, 1, 2])); // name longer than the payload
        Bad(Hello((byte)'C', [2, (byte)'d', (byte)'b', 2, (byte)'r', (byte)'0'])); // node name missing
    }

    [Fact]
    public void Random_garbage_is_partial_or_a_protocol_error_and_nothing_else()
    {
        var random = new Random(1800);
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length >= 16)
            {
                // Give half of them a valid header so the payload parsers see garbage too.
                new ReplicationFrameHeader((T)random.Next(1, 39), (ushort)random.Next(0, 3), random.Next(0, bytes.Length - 15)).Write(bytes);
            }

            AssertPartialOrBad(bytes);
        }
    }

    [Fact]
    public void Mutated_valid_frames_are_parsed_or_refused_and_nothing_else()
    {
        var random = new Random(1801);
        var frames = PacketSamples.All().Select(FrameBuilder.Encode).Where(f => f.Length < 5000).ToList();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] frame = (byte[])frames[random.Next(frames.Count)].Clone();
            for (int n = random.Next(1, 4); n > 0; n--)
            {
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }

            FrameBuilder.FixChecksum(frame);
            AssertPartialOrBad(frame);
        }
    }

    private static void AssertPartialOrBad(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            ReplicationCodec.TryRead(ref buffer, out _);
        }
        catch (ReplicationProtocolException)
        {
        }
    }
}
