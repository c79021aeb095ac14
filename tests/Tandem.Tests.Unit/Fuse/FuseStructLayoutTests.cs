using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

/// <summary>Sizes and offsets against include/uapi/linux/fuse.h.</summary>
public class FuseStructLayoutTests
{
    [Fact]
    public void Sizes_match_the_kernel_header()
    {
        Assert.Equal(40, Unsafe.SizeOf<FuseInHeader>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOutHeader>());
        Assert.Equal(88, Unsafe.SizeOf<FuseAttr>());
        Assert.Equal(104, Unsafe.SizeOf<FuseAttrOut>());
        Assert.Equal(128, Unsafe.SizeOf<FuseEntryOut>());
        Assert.Equal(80, Unsafe.SizeOf<FuseStatfsOut>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitIn>());
        Assert.Equal(64, Unsafe.SizeOf<FuseInitOut>());
        Assert.Equal(40, Unsafe.SizeOf<FuseReadIn>());
        Assert.Equal(40, Unsafe.SizeOf<FuseWriteIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseWriteOut>());
        Assert.Equal(16, Unsafe.SizeOf<FuseFsyncIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseFlushIn>());
        Assert.Equal(24, Unsafe.SizeOf<FuseReleaseIn>());
        Assert.Equal(32, Unsafe.SizeOf<FuseFallocateIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseGetAttrIn>());
        Assert.Equal(88, Unsafe.SizeOf<FuseSetAttrIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseOpenIn>());
        Assert.Equal(16, Unsafe.SizeOf<FuseOpenOut>());
        Assert.Equal(8, Unsafe.SizeOf<FuseAccessIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseInterruptIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseForgetIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseBatchForgetIn>());
        Assert.Equal(8, Unsafe.SizeOf<FuseGetXattrIn>());
    }

    [Fact]
    public void Size_constants_agree_with_layouts()
    {
        Assert.Equal(FuseInHeader.Size, Unsafe.SizeOf<FuseInHeader>());
        Assert.Equal(FuseEntryOut.Size, Unsafe.SizeOf<FuseEntryOut>());
        Assert.Equal(FuseAttrOut.Size, Unsafe.SizeOf<FuseAttrOut>());
        Assert.Equal(FuseSetAttrIn.Size, Unsafe.SizeOf<FuseSetAttrIn>());
        Assert.Equal(FuseInitOut.Size, Unsafe.SizeOf<FuseInitOut>());
    }

    [Fact]
    public void Field_offsets_match_the_kernel_header()
    {
        Assert.Equal(36, (int)Marshal.OffsetOf<FuseInHeader>(nameof(FuseInHeader.TotalExtLen)));
        Assert.Equal(60, (int)Marshal.OffsetOf<FuseAttr>(nameof(FuseAttr.Mode)));
        Assert.Equal(84, (int)Marshal.OffsetOf<FuseAttr>(nameof(FuseAttr.Flags)));
        Assert.Equal(40, (int)Marshal.OffsetOf<FuseEntryOut>(nameof(FuseEntryOut.Attr)));
        Assert.Equal(16, (int)Marshal.OffsetOf<FuseAttrOut>(nameof(FuseAttrOut.Attr)));
        Assert.Equal(16, (int)Marshal.OffsetOf<FuseInitIn>(nameof(FuseInitIn.Flags2)));
        Assert.Equal(20, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.MaxWrite)));
        Assert.Equal(28, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.MaxPages)));
        Assert.Equal(32, (int)Marshal.OffsetOf<FuseInitOut>(nameof(FuseInitOut.Flags2)));
        Assert.Equal(32, (int)Marshal.OffsetOf<FuseWriteIn>(nameof(FuseWriteIn.Flags)));
        Assert.Equal(56, (int)Marshal.OffsetOf<FuseSetAttrIn>(nameof(FuseSetAttrIn.AtimeNsec)));
        Assert.Equal(68, (int)Marshal.OffsetOf<FuseSetAttrIn>(nameof(FuseSetAttrIn.Mode)));
        Assert.Equal(76, (int)Marshal.OffsetOf<FuseSetAttrIn>(nameof(FuseSetAttrIn.Uid)));
        Assert.Equal(24, (int)Marshal.OffsetOf<FuseFallocateIn>(nameof(FuseFallocateIn.Mode)));
        Assert.Equal(44, (int)Marshal.OffsetOf<FuseStatfsOut>(nameof(FuseStatfsOut.NameLen)));
    }
}
