using System.Buffers.Binary;
using System.Text;
using Tandem.Heartbeat.Protocol;

namespace Tandem.Tests.Unit.Heartbeat;

public class HeartbeatCodecTests
{
    static readonly byte[] Key = Encoding.ASCII.GetBytes("0123456789abcdef-cluster-key");

    static HeartbeatMessage Sample(int payload = 5) => new(
        HeartbeatMessageType.Heartbeat, "db", "db-server-01", 1_764_000_000_123, 42, 1,
        Enumerable.Range(0, payload).Select(i => (byte)i).ToArray());

    static HeartbeatError ErrorOf(byte[] datagram, byte[]? key = null) =>
        Assert.Throws<HeartbeatProtocolException>(() => HeartbeatCodec.ReadDatagram(datagram, key ?? Key)).Error;

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var m = Sample();
        var frame = HeartbeatCodec.Encode(m, Key);
        Assert.Equal(HeartbeatLimits.HeaderBytes + 2 + 12 + 5 + 32, frame.Length);
        var back = HeartbeatCodec.ReadDatagram(frame, Key);
        Assert.Equal((m.Type, m.Cluster, m.Sender, m.Generation, m.Sequence, m.Link), (back.Type, back.Cluster, back.Sender, back.Generation, back.Sequence, back.Link));
        Assert.Equal(m.Payload.ToArray(), back.Payload.ToArray());
    }

    [Fact]
    public void Layout_is_big_endian_with_magic_and_version_first()
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        Assert.Equal("TDHB"u8.ToArray(), frame[..4]);
        Assert.Equal(HeartbeatLimits.Version, frame[4]);
        Assert.Equal((byte)HeartbeatMessageType.Heartbeat, frame[5]);
        Assert.Equal(1_764_000_000_123UL, BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(8)));
        Assert.Equal(42UL, BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(16)));
        Assert.Equal(1, frame[24]);
    }

    [Fact]
    public void Largest_frame_round_trips_and_fits_the_limit()
    {
        var m = Sample(HeartbeatLimits.MaxPayloadBytes) with { Cluster = new string('c', 255), Sender = new string('n', 64), Link = 15, Sequence = ulong.MaxValue, Generation = ulong.MaxValue };
        var frame = HeartbeatCodec.Encode(m, Key);
        Assert.Equal(HeartbeatLimits.MaxFrameBytes, frame.Length);
        Assert.Equal(m.Cluster, HeartbeatCodec.ReadDatagram(frame, Key).Cluster);
    }

    [Fact]
    public void Cluster_names_in_utf8_round_trip()
    {
        var m = Sample() with { Cluster = "quote \" é ✓" };
        Assert.Equal(m.Cluster, HeartbeatCodec.ReadDatagram(HeartbeatCodec.Encode(m, Key), Key).Cluster);
    }

    [Theory]
    [InlineData(HeartbeatLimits.MaxPayloadBytes + 1, "db-server-01", 0)]
    [InlineData(0, "", 0)]
    [InlineData(0, "bad name", 0)]
    [InlineData(0, "-dash", 0)]
    [InlineData(0, "db-server-01", 16)]
    [InlineData(0, "db-server-01", -1)]
    public void Writer_refuses_fields_out_of_range(int payload, string sender, int link)
    {
        var m = Sample(payload) with { Sender = sender, Link = link };
        Assert.Throws<ArgumentException>(() => HeartbeatCodec.Encode(m, Key));
    }

    [Fact]
    public void Writer_refuses_a_cluster_name_longer_than_255_bytes()
    {
        Assert.Throws<ArgumentException>(() => HeartbeatCodec.Encode(Sample() with { Cluster = new string('é', 128) }, Key));
    }

    [Fact]
    public void Every_truncation_is_partial_for_the_reader_and_truncated_for_a_datagram()
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        for (var n = 0; n < frame.Length; n++)
        {
            Assert.False(HeartbeatCodec.TryRead(frame.AsSpan(0, n), Key, out var m, out var consumed), $"length {n}");
            Assert.Null(m);
            Assert.Equal(0, consumed);
            Assert.Equal(HeartbeatError.Truncated, ErrorOf(frame[..n]));
        }
    }

    [Fact]
    public void Reader_consumes_one_frame_from_a_longer_buffer()
    {
        var a = HeartbeatCodec.Encode(Sample(), Key);
        var b = HeartbeatCodec.Encode(Sample() with { Sequence = 43 }, Key);
        Assert.True(HeartbeatCodec.TryRead([.. a, .. b], Key, out var m, out var consumed));
        Assert.Equal(a.Length, consumed);
        Assert.Equal(42UL, m!.Sequence);
    }

    [Fact]
    public void Trailing_bytes_after_a_datagram_frame_are_refused()
    {
        Assert.Equal(HeartbeatError.BadLength, ErrorOf([.. HeartbeatCodec.Encode(Sample(), Key), 0]));
    }

    [Fact]
    public void Oversized_datagram_is_refused_before_parsing()
    {
        Assert.Equal(HeartbeatError.Oversized, ErrorOf(new byte[HeartbeatLimits.MaxFrameBytes + 1]));
    }

    [Theory]
    [InlineData(0, 0x55, HeartbeatError.BadMagic)]
    [InlineData(3, 0x43, HeartbeatError.BadMagic)]
    [InlineData(4, 2, HeartbeatError.UnsupportedVersion)]
    [InlineData(4, 0, HeartbeatError.UnsupportedVersion)]
    [InlineData(5, 0, HeartbeatError.UnknownType)]
    [InlineData(5, 99, HeartbeatError.UnknownType)]
    [InlineData(7, 1, HeartbeatError.BadLength)]
    [InlineData(24, 16, HeartbeatError.BadLength)]
    [InlineData(25, 0, HeartbeatError.BadLength)]
    [InlineData(26, 0, HeartbeatError.BadLength)]
    [InlineData(26, 65, HeartbeatError.BadLength)]
    [InlineData(27, 0x10, HeartbeatError.Oversized)]
    [InlineData(27, 0xFF, HeartbeatError.Oversized)]
    public void Hostile_header_fields_are_refused_with_a_typed_error(int offset, byte value, HeartbeatError expected)
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        frame[offset] = value;
        Assert.Equal(expected, ErrorOf(frame));
    }

    [Fact]
    public void Bad_magic_is_refused_from_the_first_byte_without_waiting_for_more()
    {
        Assert.Throws<HeartbeatProtocolException>(() => HeartbeatCodec.TryRead("X"u8, Key, out _, out _));
        Assert.Throws<HeartbeatProtocolException>(() => HeartbeatCodec.TryRead("GET / HTTP/1.1\r\n"u8, Key, out _, out _));
    }

    [Fact]
    public void Another_key_is_a_bad_mac()
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        var e = Assert.Throws<HeartbeatProtocolException>(() => HeartbeatCodec.ReadDatagram(frame, Encoding.ASCII.GetBytes("another key of enough length")));
        Assert.Equal(HeartbeatError.BadMac, e.Error);
        Assert.True(e.Forged);
    }

    [Fact]
    public void Any_flipped_bit_is_refused()
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        for (var i = 0; i < frame.Length; i++)
            for (var bit = 0; bit < 8; bit++)
            {
                var copy = (byte[])frame.Clone();
                copy[i] ^= (byte)(1 << bit);
                ErrorOf(copy); // throws a typed error; never accepted
            }
    }

    [Fact]
    public void A_signed_frame_with_an_invalid_sender_name_is_refused()
    {
        var frame = HeartbeatCodec.Encode(Sample(), Key);
        var senderAt = HeartbeatLimits.HeaderBytes + 2;
        frame[senderAt] = (byte)' ';
        var signed = frame.Length - HeartbeatLimits.MacBytes;
        System.Security.Cryptography.HMACSHA256.HashData(Key, frame.AsSpan(0, signed), frame.AsSpan(signed));
        Assert.Equal(HeartbeatError.BadName, ErrorOf(frame));
    }

    [Fact]
    public void Random_garbage_only_ever_raises_the_typed_error()
    {
        var random = new Random(4);
        var valid = HeartbeatCodec.Encode(Sample(), Key);
        for (var round = 0; round < 5000; round++)
        {
            var datagram = round % 2 == 0 ? new byte[random.Next(0, 300)] : (byte[])valid.Clone();
            if (round % 2 == 0)
                random.NextBytes(datagram);
            else
                datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
            if (round % 4 == 0 && datagram.Length >= 8)
                valid.AsSpan(0, 8).CopyTo(datagram); // get past magic and version
            try { HeartbeatCodec.ReadDatagram(datagram, Key); }
            catch (HeartbeatProtocolException) { }
        }
    }
}
