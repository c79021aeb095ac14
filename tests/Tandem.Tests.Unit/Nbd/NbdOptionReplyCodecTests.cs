using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tandem.Nbd.Protocol;

namespace Tandem.Tests.Unit.Nbd;

public sealed class NbdOptionReplyCodecTests
{
    /// <summary>Splits written option replies back into (header, payload) pairs with the codec.</summary>
    internal static List<(NbdOptionReplyHeader Header, byte[] Payload)> Parse(ReadOnlySpan<byte> bytes)
    {
        var replies = new List<(NbdOptionReplyHeader, byte[])>();
        while (!bytes.IsEmpty)
        {
            Assert.True(NbdOptionReplyHeader.TryRead(bytes, out NbdOptionReplyHeader header));
            replies.Add((header, bytes.Slice(NbdOptionReplyHeader.Size, (int)header.Length).ToArray()));
            bytes = bytes[(NbdOptionReplyHeader.Size + (int)header.Length)..];
        }

        return replies;
    }

    [Fact]
    public void Ack_is_a_bare_header_with_the_reply_magic()
    {
        var writer = new ArrayBufferWriter<byte>();
        NbdOptionReplyWriter.WriteAck(writer, NbdOption.Abort);
        byte[] frame = writer.WrittenSpan.ToArray();

        Assert.Equal(20, frame.Length);
        Assert.Equal(0x3e889045565a9UL, BinaryPrimitives.ReadUInt64BigEndian(frame));
        Assert.True(NbdOptionReplyHeader.TryRead(frame, out NbdOptionReplyHeader header));
        Assert.Equal(new NbdOptionReplyHeader(NbdOption.Abort, NbdOptionReplyType.Ack, 0), header);
        Assert.False(NbdOptionReplyHeader.TryRead(frame.AsSpan(0, 19), out _));
    }

    [Fact]
    public void Server_reply_carries_name_length_name_and_description()
    {
        var writer = new ArrayBufferWriter<byte>();
        NbdOptionReplyWriter.WriteServer(writer, NbdOption.List, "r0", "volume r0");
        var (header, payload) = Assert.Single(Parse(writer.WrittenSpan));

        Assert.Equal(NbdOptionReplyType.Server, header.Type);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(payload));
        Assert.Equal("r0", Encoding.UTF8.GetString(payload, 4, 2));
        Assert.Equal("volume r0", Encoding.UTF8.GetString(payload, 6, payload.Length - 6));
    }

    [Fact]
    public void Info_replies_round_trip_through_the_info_parser()
    {
        var writer = new ArrayBufferWriter<byte>();
        NbdOptionReplyWriter.WriteInfoExport(writer, NbdOption.Go, 1UL << 30, NbdTransmissionFlags.HasFlags | NbdTransmissionFlags.SendFlush);
        NbdOptionReplyWriter.WriteInfoName(writer, NbdOption.Go, "r0");
        NbdOptionReplyWriter.WriteInfoDescription(writer, NbdOption.Go, "the volume");
        NbdOptionReplyWriter.WriteInfoBlockSize(writer, NbdOption.Go, 1, 4096, 32 << 20);
        var replies = Parse(writer.WrittenSpan);

        Assert.All(replies, r => Assert.Equal(NbdOptionReplyType.Info, r.Header.Type));
        Assert.Equal([12u, 4u, 12u, 14u], replies.Select(r => r.Header.Length));
        NbdInfoReply export = NbdInfoReply.Parse(replies[0].Payload);
        Assert.Equal(1UL << 30, export.ExportSize);
        Assert.Equal(NbdTransmissionFlags.HasFlags | NbdTransmissionFlags.SendFlush, export.TransmissionFlags);
        Assert.Equal("r0", NbdInfoReply.Parse(replies[1].Payload).Text);
        Assert.Equal("the volume", NbdInfoReply.Parse(replies[2].Payload).Text);
        NbdInfoReply block = NbdInfoReply.Parse(replies[3].Payload);
        Assert.Equal((1u, 4096u, 32u << 20), (block.MinimumBlockSize, block.PreferredBlockSize, block.MaximumPayload));
    }

    [Fact]
    public void Error_reply_has_bit_31_and_a_message()
    {
        var writer = new ArrayBufferWriter<byte>();
        NbdOptionReplyWriter.WriteError(writer, NbdOption.Go, NbdOptionReplyType.ErrUnknown, "no such export");
        var (header, payload) = Assert.Single(Parse(writer.WrittenSpan));

        Assert.Equal(0x80000006u, (uint)header.Type);
        Assert.True(header.Type.IsError());
        Assert.Equal("no such export", Encoding.UTF8.GetString(payload));
        Assert.Throws<ArgumentOutOfRangeException>(() => NbdOptionReplyWriter.WriteError(writer, NbdOption.Go, NbdOptionReplyType.Ack));
    }

    [Fact]
    public void Hostile_reply_length_and_bad_magic_throw()
    {
        byte[] frame = new byte[NbdOptionReplyHeader.Size];
        new NbdOptionReplyHeader(NbdOption.Go, NbdOptionReplyType.Info, uint.MaxValue).Write(frame);
        Assert.Throws<NbdProtocolException>(() => NbdOptionReplyHeader.TryRead(frame, out _));

        new NbdOptionReplyHeader(NbdOption.Go, NbdOptionReplyType.Ack, 0).Write(frame);
        frame[0] = 0xFF;
        Assert.Throws<NbdProtocolException>(() => NbdOptionReplyHeader.TryRead(frame, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0 })] // no type
    [InlineData(new byte[] { 0, 0, 1, 2, 3 })] // export info too short
    [InlineData(new byte[] { 0, 3, 0, 0, 0, 1 })] // block size too short
    public void Malformed_info_payloads_throw(byte[] payload) =>
        Assert.Throws<NbdProtocolException>(() => NbdInfoReply.Parse(payload));

    [Fact]
    public void Unknown_info_types_are_tolerated()
    {
        NbdInfoReply info = NbdInfoReply.Parse([0x12, 0x34, 1, 2, 3]);
        Assert.Equal((NbdInfoType)0x1234, info.Type);
    }

    [Fact]
    public void Strings_longer_than_4096_bytes_are_refused()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => NbdOptionReplyWriter.WriteInfoName(writer, NbdOption.Go, new string('x', 4097)));
    }
}
