using System.Runtime.InteropServices;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

public class FuseReplyWriterTests
{
    [Fact]
    public void Error_reply_is_a_header_with_negated_errno()
    {
        var buf = new byte[64];
        int n = FuseReplyWriter.Error(buf, 99, 38);
        Assert.Equal(16, n);
        var h = MemoryMarshal.Read<FuseOutHeader>(buf);
        Assert.Equal(16U, h.Len);
        Assert.Equal(-38, h.Error);
        Assert.Equal(99UL, h.Unique);
        Assert.Throws<ArgumentOutOfRangeException>(() => FuseReplyWriter.Error(buf, 1, 0));
    }

    [Fact]
    public void Struct_reply_round_trips()
    {
        var buf = new byte[256];
        var entry = new FuseEntryOut { NodeId = 2, Generation = 1, EntryValid = 3600, Attr = new FuseAttr { Ino = 2, FileSize = 1 << 20, Mode = 0x8180 } };
        int n = FuseReplyWriter.Struct(buf, 5, entry);
        Assert.Equal(16 + 128, n);
        Assert.Equal((uint)n, MemoryMarshal.Read<FuseOutHeader>(buf).Len);
        var back = MemoryMarshal.Read<FuseEntryOut>(buf.AsSpan(16));
        Assert.Equal(entry.NodeId, back.NodeId);
        Assert.Equal(entry.Attr.FileSize, back.Attr.FileSize);
        Assert.Equal(entry.Attr.Mode, back.Attr.Mode);
    }

    [Fact]
    public void Reply_that_does_not_fit_throws()
    {
        Assert.Throws<ArgumentException>(() => FuseReplyWriter.Struct(new byte[100], 1, new FuseEntryOut()));
        Assert.Throws<ArgumentException>(() => FuseReplyWriter.Header(new byte[100], 1, 200));
    }

    [Fact]
    public void Dirents_are_aligned_and_zero_padded()
    {
        var buf = new byte[64];
        buf.AsSpan().Fill(0xEE);
        Assert.True(FuseDirent.TryWrite(buf, 2, 3, FuseFlagBits.DtReg, "r0"u8, out int written));
        Assert.Equal(32, written); // 24 + 2 rounded up to 8
        Assert.Equal(2UL, BitConverter.ToUInt64(buf, 0));
        Assert.Equal(3UL, BitConverter.ToUInt64(buf, 8));
        Assert.Equal(2U, BitConverter.ToUInt32(buf, 16));
        Assert.Equal(8U, BitConverter.ToUInt32(buf, 20));
        Assert.Equal((byte)'r', buf[24]);
        Assert.All(buf[26..32], b => Assert.Equal(0, b));
        Assert.Equal(0xEE, buf[32]);
        Assert.False(FuseDirent.TryWrite(buf.AsSpan(0, 31), 2, 3, FuseFlagBits.DtReg, "r0"u8, out written));
        Assert.Equal(0, written);
    }
}
