using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tandem.Nbd.Protocol;

namespace Tandem.Tests.Unit.Nbd;

public sealed class NbdCodecTests
{
    [Fact]
    public void Greeting_has_the_documented_bytes_and_round_trips()
    {
        byte[] frame = new byte[NbdGreeting.Size];
        NbdGreeting.Write(frame, NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes);

        Assert.Equal("NBDMAGICIHAVEOPT", Encoding.ASCII.GetString(frame, 0, 16));
        Assert.Equal([0x00, 0x03], frame[16..]);
        Assert.True(NbdGreeting.TryRead(frame, out NbdHandshakeFlags flags));
        Assert.Equal(NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes, flags);
    }

    [Fact]
    public void Truncated_greeting_is_partial_and_bad_magic_or_oldstyle_throws()
    {
        byte[] frame = new byte[NbdGreeting.Size];
        NbdGreeting.Write(frame, NbdHandshakeFlags.FixedNewstyle);
        Assert.False(NbdGreeting.TryRead(frame.AsSpan(0, 17), out _));
        Assert.False(NbdGreeting.TryRead(frame.AsSpan(0, 3), out _));

        frame[0] ^= 0xFF;
        Assert.Throws<NbdProtocolException>(() => NbdGreeting.TryRead(frame, out _));

        NbdGreeting.Write(frame, NbdHandshakeFlags.None);
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(8), NbdMagic.OldstyleCliserv);
        var e = Assert.Throws<NbdProtocolException>(() => NbdGreeting.TryRead(frame, out _));
        Assert.Contains("oldstyle", e.Message);
    }

    [Fact]
    public void Client_flags_round_trip()
    {
        byte[] frame = new byte[4];
        NbdGreeting.WriteClientFlags(frame, NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes);
        Assert.Equal([0, 0, 0, 3], frame);
        Assert.True(NbdGreeting.TryReadClientFlags(frame, out NbdClientFlags flags));
        Assert.Equal(NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes, flags);
        Assert.False(NbdGreeting.TryReadClientFlags(frame.AsSpan(0, 3), out _));
    }

    [Fact]
    public void Option_round_trips_with_data_and_is_partial_until_complete()
    {
        var writer = new ArrayBufferWriter<byte>();
        NbdOptionHeader.Write(writer, NbdOption.ExportName, "r0"u8);
        byte[] frame = writer.WrittenSpan.ToArray();

        Assert.Equal(18, frame.Length);
        Assert.Equal("IHAVEOPT", Encoding.ASCII.GetString(frame, 0, 8));
        Assert.True(NbdOptionHeader.TryRead(frame, out NbdOptionHeader header, out ReadOnlySpan<byte> data));
        Assert.Equal(new NbdOptionHeader(NbdOption.ExportName, 2), header);
        Assert.Equal("r0", Encoding.UTF8.GetString(data));
        Assert.False(NbdOptionHeader.TryRead(frame.AsSpan(0, 17), out _, out _));
        Assert.False(NbdOptionHeader.TryRead(frame.AsSpan(0, 15), out _));
    }

    [Fact]
    public void Hostile_option_length_is_rejected_before_any_allocation()
    {
        byte[] frame = new byte[NbdOptionHeader.Size];
        new NbdOptionHeader(NbdOption.Go, uint.MaxValue).Write(frame);
        var e = Assert.Throws<NbdProtocolException>(() => NbdOptionHeader.TryRead(frame, out _));
        Assert.Contains("exceeds", e.Message);

        new NbdOptionHeader(NbdOption.Go, NbdLimits.MaxOptionLength + 1).Write(frame);
        Assert.Throws<NbdProtocolException>(() => NbdOptionHeader.TryRead(frame, out _));

        new NbdOptionHeader(NbdOption.Go, NbdLimits.MaxOptionLength).Write(frame);
        Assert.True(NbdOptionHeader.TryRead(frame, out NbdOptionHeader ok));
        Assert.Equal((uint)NbdLimits.MaxOptionLength, ok.Length);
    }

    [Fact]
    public void Option_with_bad_magic_throws()
    {
        byte[] frame = new byte[NbdOptionHeader.Size];
        new NbdOptionHeader(NbdOption.List, 0).Write(frame);
        frame[7] ^= 1;
        Assert.Throws<NbdProtocolException>(() => NbdOptionHeader.TryRead(frame, out _));
    }

    [Fact]
    public void Unknown_option_numbers_parse_so_the_server_can_answer_unsupported()
    {
        byte[] frame = new byte[NbdOptionHeader.Size];
        new NbdOptionHeader((NbdOption)0x7777, 0).Write(frame);
        Assert.True(NbdOptionHeader.TryRead(frame, out NbdOptionHeader header));
        Assert.Equal((NbdOption)0x7777, header.Option);
    }

    [Fact]
    public void Go_request_round_trips()
    {
        var writer = new ArrayBufferWriter<byte>();
        new NbdGoRequest("r0", [NbdInfoType.Name, NbdInfoType.BlockSize]).WriteData(writer);
        byte[] data = writer.WrittenSpan.ToArray();

        Assert.Equal(4 + 2 + 2 + 4, data.Length);
        NbdGoRequest parsed = NbdGoRequest.Parse(data);
        Assert.Equal("r0", parsed.ExportName);
        Assert.Equal([NbdInfoType.Name, NbdInfoType.BlockSize], parsed.InfoRequests);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })] // shorter than 6
    [InlineData(new byte[] { 0, 0, 0, 9, (byte)'a', 0, 0 })] // name length beyond the data
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0 })] // hostile name length
    [InlineData(new byte[] { 0, 0, 0, 1, (byte)'a', 0, 2, 0, 1 })] // 2 info requests, only 1 present
    [InlineData(new byte[] { 0, 0, 0, 1, (byte)'a', 0, 0, 0 })] // trailing garbage
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0, 0 })] // NUL in the name
    public void Malformed_go_requests_throw(byte[] data) =>
        Assert.Throws<NbdProtocolException>(() => NbdGoRequest.Parse(data));

    [Fact]
    public void Go_request_with_overlong_name_throws()
    {
        byte[] data = new byte[4 + 5000 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(data, 5000);
        data.AsSpan(4, 5000).Fill((byte)'x');
        Assert.Throws<NbdProtocolException>(() => NbdGoRequest.Parse(data));
    }

    [Fact]
    public void Export_name_reply_with_and_without_zeroes()
    {
        byte[] frame = new byte[NbdExportNameReply.FullSize];
        frame.AsSpan().Fill(0xEE);
        Assert.Equal(134, NbdExportNameReply.Write(frame, 1 << 20, NbdTransmissionFlags.HasFlags, noZeroes: false));
        Assert.All(frame[10..], b => Assert.Equal(0, b));
        Assert.True(NbdExportNameReply.TryRead(frame, noZeroes: false, out ulong size, out NbdTransmissionFlags flags));
        Assert.Equal(1UL << 20, size);
        Assert.Equal(NbdTransmissionFlags.HasFlags, flags);
        Assert.False(NbdExportNameReply.TryRead(frame.AsSpan(0, 133), noZeroes: false, out _, out _));

        Assert.Equal(10, NbdExportNameReply.Write(frame, 4096, NbdTransmissionFlags.SendFlush, noZeroes: true));
        Assert.True(NbdExportNameReply.TryRead(frame.AsSpan(0, 10), noZeroes: true, out size, out flags));
        Assert.Equal(4096UL, size);
        Assert.Equal(NbdTransmissionFlags.SendFlush, flags);
    }

    [Fact]
    public void Request_is_28_bytes_big_endian_and_round_trips()
    {
        var request = new NbdRequest(NbdCommandFlags.Fua, NbdCommand.Write, 0x0102030405060708, 4096, 512);
        byte[] frame = new byte[NbdRequest.Size];
        request.Write(frame);

        Assert.Equal([0x25, 0x60, 0x95, 0x13, 0x00, 0x01, 0x00, 0x01], frame[..8]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], frame[8..16]);
        Assert.True(NbdRequest.TryRead(frame, out NbdRequest parsed));
        Assert.Equal(request, parsed);
        Assert.True(parsed.HasPayload);
        Assert.False(NbdRequest.TryRead(frame.AsSpan(0, 27), out _));
    }

    [Fact]
    public void Request_with_bad_magic_throws_and_unknown_commands_and_huge_lengths_parse()
    {
        byte[] frame = new byte[NbdRequest.Size];
        new NbdRequest(0, (NbdCommand)99, 1, ulong.MaxValue, uint.MaxValue).Write(frame);
        Assert.True(NbdRequest.TryRead(frame, out NbdRequest parsed));
        Assert.Equal((NbdCommand)99, parsed.Command);
        Assert.Equal(uint.MaxValue, parsed.Length);

        BinaryPrimitives.WriteUInt32BigEndian(frame, NbdMagic.ExtendedRequest);
        Assert.Throws<NbdProtocolException>(() => NbdRequest.TryRead(frame, out _));
    }

    [Fact]
    public void Simple_reply_round_trips_and_rejects_structured_or_bad_magic()
    {
        byte[] frame = new byte[NbdSimpleReply.Size];
        new NbdSimpleReply(NbdError.Perm, 42).Write(frame);
        Assert.Equal([0x67, 0x44, 0x66, 0x98, 0, 0, 0, 1], frame[..8]);
        Assert.True(NbdSimpleReply.TryRead(frame, out NbdSimpleReply reply));
        Assert.Equal(new NbdSimpleReply(NbdError.Perm, 42), reply);
        Assert.False(NbdSimpleReply.TryRead(frame.AsSpan(0, 15), out _));

        BinaryPrimitives.WriteUInt32BigEndian(frame, NbdMagic.StructuredReply);
        Assert.Contains("structured", Assert.Throws<NbdProtocolException>(() => NbdSimpleReply.TryRead(frame, out _)).Message);
        BinaryPrimitives.WriteUInt32BigEndian(frame, 0xDEADBEEF);
        Assert.Throws<NbdProtocolException>(() => NbdSimpleReply.TryRead(frame, out _));
    }

    [Theory]
    [InlineData(Tandem.Storage.Errno.EPERM, NbdError.Perm)]
    [InlineData(Tandem.Storage.Errno.EROFS, NbdError.Perm)]
    [InlineData(Tandem.Storage.Errno.EIO, NbdError.Io)]
    [InlineData(Tandem.Storage.Errno.ENOMEM, NbdError.NoMem)]
    [InlineData(Tandem.Storage.Errno.EINVAL, NbdError.Inval)]
    [InlineData(Tandem.Storage.Errno.ENOSPC, NbdError.NoSpc)]
    [InlineData(Tandem.Storage.Errno.EFBIG, NbdError.NoSpc)]
    [InlineData(122, NbdError.NoSpc)] // EDQUOT
    [InlineData(Tandem.Storage.Errno.EOVERFLOW, NbdError.Overflow)]
    [InlineData(Tandem.Storage.Errno.EOPNOTSUPP, NbdError.NotSup)]
    [InlineData(Tandem.Storage.Errno.ESHUTDOWN, NbdError.Shutdown)]
    [InlineData(Tandem.Storage.Errno.EBUSY, NbdError.Io)]
    [InlineData(Tandem.Storage.Errno.ENOENT, NbdError.Io)]
    [InlineData(9999, NbdError.Io)]
    public void Errno_maps_to_the_nbd_error_set(int errno, NbdError expected) =>
        Assert.Equal(expected, NbdErrorMapping.FromErrno(errno));

    [Fact]
    public void Nbd_errors_map_back_to_errno_and_unknown_values_become_einval()
    {
        foreach (NbdError error in Enum.GetValues<NbdError>())
        {
            Assert.Equal((int)error, NbdErrorMapping.ToErrno(error));
        }

        Assert.Equal(Tandem.Storage.Errno.EINVAL, NbdErrorMapping.ToErrno((NbdError)4242));
    }
}
