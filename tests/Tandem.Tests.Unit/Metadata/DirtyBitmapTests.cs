using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class DirtyBitmapTests
{
    const long MiB = 1 << 20;

    [Fact]
    public void Set_rounds_outward_clear_rounds_inward()
    {
        var bm = new DirtyBitmap(16 * MiB);
        Assert.Equal(2, bm.SetRange(4095, 2));          // touches blocks 0 and 1
        Assert.True(bm.IsBlockDirty(0));
        Assert.True(bm.IsBlockDirty(1));
        Assert.Equal(0, bm.ClearRange(1, 4096));        // covers no whole block
        Assert.Equal(1, bm.ClearRange(4096, 4096));     // exactly block 1
        Assert.Equal(1, bm.DirtyBlocks);
        Assert.Equal(0, bm.SetRange(100, 10));          // block 0 already set
        Assert.Equal(4096, bm.DirtyBytes);
    }

    [Fact]
    public void Count_is_cached_and_matches_a_recount()
    {
        var bm = new DirtyBitmap(64 * MiB);
        var rnd = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            long off = rnd.NextInt64(0, 64 * MiB - 1);
            long len = rnd.NextInt64(1, Math.Min(3 * MiB, 64 * MiB - off));
            if (rnd.Next(3) == 0)
                bm.ClearRange(off, len);
            else
                bm.SetRange(off, len);
            Assert.Equal(bm.CountSlow(), bm.DirtyBlocks);
        }
    }

    [Fact]
    public void Runs_are_enumerated_in_order_and_split_by_max_length()
    {
        var bm = new DirtyBitmap(16 * MiB);
        bm.SetRange(0, 8192);
        bm.SetRange(63 * 4096, 3 * 4096);   // crosses a word boundary
        bm.SetRange(16 * MiB - 4096, 4096); // last block
        Assert.Equal([new DirtyRun(0, 8192), new DirtyRun(63 * 4096, 3 * 4096), new DirtyRun(16 * MiB - 4096, 4096)], bm.EnumerateDirtyRuns().ToArray());
        Assert.Equal([new DirtyRun(63 * 4096, 8192), new DirtyRun(65 * 4096, 4096)], bm.EnumerateDirtyRuns(8192, 8192).Take(2).ToArray());
        Assert.Equal(63 * 4096, bm.FindNextDirty(8192));
        Assert.Equal(-1, new DirtyBitmap(16 * MiB).FindNextDirty(0));
        Assert.True(bm.AnyDirty(62 * 4096, 4097));
        Assert.False(bm.AnyDirty(2 * 4096, 61 * 4096));
    }

    [Fact]
    public void Set_all_and_clear_all()
    {
        var bm = new DirtyBitmap(100 * 4096);
        Assert.Equal(100, bm.SetAll());
        Assert.Equal(100, bm.DirtyBlocks);
        Assert.Equal(100, bm.CountSlow()); // padding bits past the last block stay clear
        Assert.Equal([new DirtyRun(0, 100 * 4096)], bm.EnumerateDirtyRuns().ToArray());
        Assert.Equal(100, bm.ClearAll());
        Assert.Equal(0, bm.DirtyBlocks);
    }

    [Fact]
    public void Ranges_outside_the_data_region_are_rejected()
    {
        var bm = new DirtyBitmap(MiB);
        Assert.Throws<ArgumentOutOfRangeException>(() => bm.SetRange(MiB - 4096, 4097));
        Assert.Throws<ArgumentOutOfRangeException>(() => bm.SetRange(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => bm.ClearRange(0, MiB + 1));
    }

    [Fact]
    public async Task Concurrent_sets_and_clears_keep_the_count_exact()
    {
        var bm = new DirtyBitmap(256 * MiB);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var rnd = new Random(t);
            for (int i = 0; i < 20000; i++)
            {
                long off = rnd.NextInt64(0, 256 * MiB - MiB);
                if (rnd.Next(4) == 0)
                    bm.ClearRange(off, rnd.Next(1, 1 << 20));
                else
                    bm.SetRange(off, rnd.Next(1, 1 << 20));
            }
        })));
        Assert.Equal(bm.CountSlow(), bm.DirtyBlocks);
    }

    [Fact]
    public async Task Flush_writes_only_changed_pages_then_syncs_and_load_reads_them_back()
    {
        var layout = MetadataLayout.ForExternal(GiBytes(1), MetadataLayout.ExternalMetaSizeFor(GiBytes(1)));
        var io = new MemoryMetadataIo(layout.BitmapOffset + layout.BitmapSize);
        var bm = DirtyBitmap.Load(io, layout, "mem");
        Assert.Equal(0, await bm.FlushAsync());
        Assert.Equal(0, io.Syncs);

        bm.SetRange(5 * 4096, 4096);                 // page 0
        bm.SetRange(300 * MiB, 3 * 4096);            // page 2 (128 MiB per page)
        Assert.Equal(2, bm.DirtyPageCount);
        Assert.Equal(2, await bm.FlushAsync());
        Assert.Equal(1, io.Syncs);
        Assert.Equal([(layout.BitmapOffset, 4096), (layout.BitmapOffset + 2 * 4096, 4096)], io.WriteLog);
        Assert.Equal(0, await bm.FlushAsync());      // nothing changed since

        bm.SetRange(5 * 4096, 4096);                 // already set: no page change
        Assert.Equal(0, bm.DirtyPageCount);

        var back = DirtyBitmap.Load(io, layout, "mem");
        Assert.Equal(4, back.DirtyBlocks);
        Assert.Equal(bm.EnumerateDirtyRuns().ToArray(), back.EnumerateDirtyRuns().ToArray());
    }

    [Fact]
    public async Task Set_all_flushes_every_page_in_large_writes()
    {
        var layout = MetadataLayout.ForExternal(GiBytes(1), MetadataLayout.ExternalMetaSizeFor(GiBytes(1)));
        var io = new MemoryMetadataIo(layout.BitmapOffset + layout.BitmapSize);
        var bm = DirtyBitmap.Load(io, layout, "mem");
        bm.SetAll();
        Assert.Equal(8, await bm.FlushAsync());
        Assert.Single(io.WriteLog);
        Assert.Equal(GiBytes(1) / 4096, DirtyBitmap.Load(io, layout, "mem").DirtyBlocks);
    }

    [Fact]
    public async Task Failed_flush_keeps_pages_dirty_for_the_next_one()
    {
        var layout = MetadataLayout.ForExternal(GiBytes(1), MetadataLayout.ExternalMetaSizeFor(GiBytes(1)));
        var io = new MemoryMetadataIo(layout.BitmapOffset + layout.BitmapSize);
        var bm = DirtyBitmap.Load(io, layout, "mem");
        bm.SetRange(0, 4096);
        io.TearNextWriteAfter = 0;
        await Assert.ThrowsAsync<IOException>(async () => await bm.FlushAsync());
        Assert.Equal(1, bm.DirtyPageCount);
        Assert.Equal(1, await bm.FlushAsync());
        Assert.Equal(1, DirtyBitmap.Load(io, layout, "mem").DirtyBlocks);
    }

    [Fact]
    public void Load_refuses_bits_past_the_data_region()
    {
        var layout = MetadataLayout.ForExternal(10 * MiB, MetadataLayout.ExternalMetaSizeFor(10 * MiB));
        var io = new MemoryMetadataIo(layout.BitmapOffset + layout.BitmapSize);
        io.Bytes[layout.BitmapOffset + 2000] = 1; // block 16000, data has 2560 blocks
        var e = Assert.Throws<MetadataCorruptException>(() => DirtyBitmap.Load(io, layout, "mem"));
        Assert.Equal(MetadataCorruption.LayoutInconsistent, e.Reason);
    }

    static long GiBytes(long n) => n << 30;
}
