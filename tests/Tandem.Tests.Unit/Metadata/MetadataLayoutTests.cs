using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class MetadataLayoutTests
{
    const long KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;
    const long Fixed = MetadataFormat.AlSize + MetadataFormat.SuperblockAreaSize;

    public static IEnumerable<object[]> Sizes()
    {
        long[] sizes = [2 * MiB, 2 * MiB + 511, 128 * MiB, 128 * MiB + 4096 + Fixed, 128 * MiB + 4096 + Fixed + 4096, 128 * MiB + 8192 + Fixed,
            256 * MiB + 8192 + Fixed - 1, GiB, GiB + 12345, 10 * GiB + 4 * KiB, 1L << 40, (1L << 40) + 7 * 512, 16L << 40, 1L << 50];
        foreach (var s in sizes)
            yield return [s];
        var rnd = new Random(1234);
        for (int i = 0; i < 40; i++)
            yield return [rnd.NextInt64(2 * MiB, 1L << 44)];
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Internal_layout_fits_is_aligned_and_maximal(long size)
    {
        var l = MetadataLayout.ForInternal(size);
        long aligned = size / 4096 * 4096;
        Assert.Equal(MetaKind.Internal, l.Kind);
        Assert.Equal(aligned, l.BackingSize);
        foreach (long v in new[] { l.DataSize, l.AlOffset, l.BitmapOffset, l.SuperblockOffset, l.BitmapSize, l.AlSize })
            Assert.Equal(0, v % 4096);
        // regions in order, packed at the end: data | AL | bitmap | superblocks
        Assert.True(l.DataSize <= l.AlOffset);
        Assert.Equal(l.AlOffset + l.AlSize, l.BitmapOffset);
        Assert.Equal(l.BitmapOffset + l.BitmapSize, l.SuperblockOffset);
        Assert.Equal(aligned, l.SuperblockOffset + MetadataFormat.SuperblockAreaSize);
        Assert.True(l.DataSize + l.MetadataBytes <= size);
        // bitmap covers the data exactly: one bit per 4 KiB block, whole pages, no spare page
        long blocks = l.DataSize / 4096;
        Assert.True(l.BitmapSize * 8 >= blocks);
        Assert.True((l.BitmapSize - 4096) * 8 < blocks);
        // maximal: one more block of data would not fit with its bitmap
        long bigger = l.DataSize + 4096;
        Assert.True(bigger + MetadataFormat.BitmapBytesFor(bigger) + Fixed > aligned);
        Assert.Null(l.Inconsistency());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void External_layout_uses_the_whole_disk_for_data(long size)
    {
        long meta = MetadataLayout.ExternalMetaSizeFor(size);
        var l = MetadataLayout.ForExternal(size, meta);
        Assert.Equal(size / 4096 * 4096, l.DataSize);
        Assert.Equal(0, l.SuperblockOffset);
        Assert.Equal(MetadataFormat.SuperblockAreaSize, l.AlOffset);
        Assert.Equal(l.AlOffset + l.AlSize, l.BitmapOffset);
        Assert.Equal(meta, l.BitmapOffset + l.BitmapSize);
        Assert.Equal(MetadataFormat.BitmapBytesFor(l.DataSize), l.BitmapSize);
        Assert.Null(l.Inconsistency());
    }

    [Fact]
    public void Bitmap_page_covers_128_MiB()
    {
        Assert.Equal(4096, MetadataFormat.BitmapBytesFor(128 * MiB));
        Assert.Equal(8192, MetadataFormat.BitmapBytesFor(128 * MiB + 4096));
        Assert.Equal(32 * MiB, MetadataFormat.BitmapBytesFor(1L << 40));
    }

    [Fact]
    public void Known_sizes()
    {
        var l = MetadataLayout.ForInternal(GiB);
        // 1 GiB − 72 KiB fixed: 8 bitmap pages cover 1 GiB, so data = 1 GiB − 72 KiB − 32 KiB
        Assert.Equal(GiB - Fixed - 8 * 4096, l.DataSize);
        Assert.Equal(8 * 4096, l.BitmapSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    [InlineData(1024 * 1024)]
    [InlineData(1024 * 1024 + 72 * 1024)]
    public void Too_small_disks_are_refused_with_the_minimum(long size)
    {
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataLayout.ForInternal(size, "/dev/sdz1"));
        Assert.StartsWith("/dev/sdz1 is too small for a Tandem volume", e.Message);
        Assert.Contains("use a disk of at least", e.Message);
    }

    [Fact]
    public void External_meta_disk_too_small_is_refused()
    {
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataLayout.ForExternal(GiB, 64 * KiB, "/dev/a", "/dev/m"));
        Assert.Contains("/dev/m is too small for the metadata of /dev/a", e.Message);
    }

    [Fact]
    public void Inconsistency_names_the_problem()
    {
        var l = MetadataLayout.ForInternal(GiB);
        Assert.Contains("bitmap size", (l with { BitmapSize = l.BitmapSize + 4096 }).Inconsistency());
        Assert.Contains("multiple of 4096", (l with { AlOffset = l.AlOffset + 1 }).Inconsistency());
        Assert.NotNull((l with { DataSize = l.DataSize - 4096 }).Inconsistency());
    }
}
