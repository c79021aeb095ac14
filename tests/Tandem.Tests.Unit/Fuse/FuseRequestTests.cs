using System.Buffers.Binary;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

public class FuseRequestTests
{
    [Fact]
    public void Parses_header_and_body()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.Read, 77, 2, new FuseReadIn { Fh = 5, Offset = 4096, ReadSize = 512 });
        var request = FuseRequest.Parse(bytes);
        Assert.Equal(FuseOpcode.Read, request.Opcode);
        Assert.Equal(77UL, request.Unique);
        Assert.Equal(2UL, request.NodeId);
        Assert.Equal(42U, request.Header.Pid);
        Assert.Equal(FuseReadIn.Size, request.Body.Length);
        var body = request.Read<FuseReadIn>();
        Assert.Equal(5UL, body.Fh);
        Assert.Equal(4096UL, body.Offset);
        Assert.Equal(512U, body.ReadSize);
    }

    [Fact]
    public void Write_data_follows_the_write_struct()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var bytes = FuseRequestBuilder.Build(FuseOpcode.Write, 1, 2, new FuseWriteIn { Offset = 10, WriteSize = 5 }, data);
        var request = FuseRequest.Parse(bytes);
        Assert.Equal(data, request.After(FuseWriteIn.Size).ToArray());
    }

    [Fact]
    public void Extensions_are_excluded_from_the_body()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.Lookup, 1, 1, 0UL, new byte[16]); // 8-byte body + 16 bytes of extensions
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(36), 2); // total_extlen = 2 * 8
        var request = FuseRequest.Parse(bytes);
        Assert.Equal(8, request.Body.Length);
    }

    [Fact]
    public void Shorter_than_a_header_is_a_bad_frame()
    {
        var e = Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(new byte[39]));
        Assert.Contains("shorter than fuse_in_header", e.Message);
    }

    [Fact]
    public void Hostile_len_smaller_than_the_header_is_rejected()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.GetAttr, 1, 1, new FuseGetAttrIn());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 12);
        var e = Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(bytes));
        Assert.Contains("smaller than the header", e.Message);
    }

    [Fact]
    public void Hostile_len_larger_than_the_buffer_is_rejected()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.Write, 1, 2, new FuseWriteIn { WriteSize = 4 }, new byte[4]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, uint.MaxValue);
        var e = Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(bytes));
        Assert.Contains("bytes were read", e.Message);
    }

    [Fact]
    public void Len_shorter_than_the_bytes_read_is_rejected()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.GetAttr, 1, 1, new FuseGetAttrIn());
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length - 8);
        Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(bytes));
    }

    [Fact]
    public void Hostile_extension_length_is_rejected()
    {
        var bytes = FuseRequestBuilder.Build(FuseOpcode.GetAttr, 1, 1, new FuseGetAttrIn());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(36), ushort.MaxValue);
        var e = Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(bytes));
        Assert.Contains("total_extlen", e.Message);
    }

    [Fact]
    public void Short_body_is_rejected_when_read()
    {
        var bytes = FuseRequestBuilder.Raw(FuseOpcode.Read, 1, 2, new byte[12]);
        var e = Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(bytes).Read<FuseReadIn>());
        Assert.Contains("shorter than FuseReadIn", e.Message);
    }

    [Fact]
    public void Prefix_read_zero_fills_an_old_short_init()
    {
        var body = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, 7);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 31);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), (uint)FuseInitFlags.AsyncRead);
        var init = FuseRequest.Parse(FuseRequestBuilder.Raw(FuseOpcode.Init, 1, 0, body)).ReadPrefix<FuseInitIn>(FuseInitIn.CompatSize);
        Assert.Equal(7U, init.Major);
        Assert.Equal(31U, init.Minor);
        Assert.Equal(0U, init.Flags2);
        Assert.Equal(FuseInitFlags.AsyncRead, init.AllFlags);
    }

    [Fact]
    public void Flags2_counts_only_with_init_ext()
    {
        var init = new FuseInitIn { Flags = (uint)FuseInitFlags.InitExt, Flags2 = 1 };
        Assert.True(init.AllFlags.HasFlag(FuseInitFlags.SecurityCtx));
        init.Flags = 0;
        Assert.False(init.AllFlags.HasFlag(FuseInitFlags.SecurityCtx));
    }

    [Fact]
    public void Names_are_nul_terminated_and_bounded()
    {
        Assert.Equal("r0"u8.ToArray(), FuseRequest.Parse(FuseRequestBuilder.Raw(FuseOpcode.Lookup, 1, 1, FuseRequestBuilder.Name("r0"))).Name().ToArray());
        var unterminated = FuseRequestBuilder.Raw(FuseOpcode.Lookup, 1, 1, "r0"u8);
        Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(unterminated).Name());
        var longName = FuseRequestBuilder.Raw(FuseOpcode.Lookup, 1, 1, FuseRequestBuilder.Name(new string('a', 256)));
        Assert.Throws<FuseProtocolException>(() => FuseRequest.Parse(longName).Name());
    }
}
