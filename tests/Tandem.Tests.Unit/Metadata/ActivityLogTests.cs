using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class ActivityLogTests
{
    const long MiB = 1 << 20, Ext = 4 * MiB;
    const ulong Uuid = 0xABCDEF00;

    static (MetadataLayout, MemoryMetadataIo) Disk(long dataSize = 10L << 30)
    {
        var layout = MetadataLayout.ForExternal(dataSize, MetadataLayout.ExternalMetaSizeFor(dataSize));
        return (layout, new MemoryMetadataIo(layout.BitmapOffset + layout.BitmapSize));
    }

    static ActivityLog Load(MetadataLayout l, MemoryMetadataIo io, int extents = ActivityLogOptions.DefaultExtents, ulong uuid = Uuid) =>
        ActivityLog.Load(io, l, uuid, new ActivityLogOptions(extents), "mem");

    [Fact]
    public async Task A_miss_commits_one_durable_transaction_and_a_hit_writes_nothing()
    {
        var (l, io) = Disk();
        using var al = Load(l, io);
        Assert.Empty(al.RecoverActiveExtents());
        await al.EnsureActiveAsync(Ext - 1, 2); // straddles extents 0 and 1: one transaction
        Assert.Equal(1, io.Writes);
        Assert.Equal(1, io.Syncs);
        Assert.Equal([0L, 1L], al.ActiveExtents);
        Assert.Equal(l.AlOffset + 1 * 4096, io.WriteLog[0].Offset); // transaction 1 → ring slot 1
        for (int i = 0; i < 100; i++)
            Assert.True(al.EnsureActiveAsync(i * 4096 % (2 * Ext), 4096).IsCompletedSuccessfully);
        Assert.Equal(1, io.Writes);
    }

    [Fact]
    public async Task With_external_metadata_an_eviction_flushes_the_data_disk_first_and_an_activation_does_not()
    {
        var (l, meta) = Disk();
        var data = new MemoryMetadataIo(4096);
        int dataSyncsAtEachMetaWrite = -1;
        using var al = ActivityLog.Load(meta, l, Uuid, new ActivityLogOptions(2), "mem", dataDisk: data);
        await al.EnsureActiveAsync(0, 1);
        await al.EnsureActiveAsync(Ext, 1);
        Assert.Equal(0, data.Syncs); // two free slots filled: nothing left the log
        Assert.Equal(2, meta.Syncs);
        meta.BeforeWrite = () => dataSyncsAtEachMetaWrite = data.Syncs;
        await al.EnsureActiveAsync(2 * Ext, 1); // evicts extent 0
        Assert.Equal(1, data.Syncs);
        Assert.Equal(1, dataSyncsAtEachMetaWrite); // the data disk was flushed before the transaction was written
        Assert.Equal(3, meta.Syncs);
    }

    [Fact]
    public async Task With_internal_metadata_an_eviction_needs_no_separate_data_flush()
    {
        var (l, io) = Disk();
        using var al = ActivityLog.Load(io, l, Uuid, new ActivityLogOptions(1), "mem");
        await al.EnsureActiveAsync(0, 1);
        await al.EnsureActiveAsync(Ext, 1); // evicts extent 0: the transaction's own flush covers the shared device
        Assert.Equal(2, io.Syncs);
        Assert.Equal(2, io.Writes);
    }

    [Fact]
    public async Task Hits_allocate_nothing()
    {
        var (l, io) = Disk();
        using var al = Load(l, io);
        await al.EnsureActiveAsync(0, 8 * Ext);
        await al.AcquireAsync(0, 8 * Ext);
        al.Release(0, 8 * Ext);
        // The runtime itself may allocate on this thread the first times a method is called (tiered
        // compilation counts calls and queues a recompile), so the steady state is what is measured:
        // one of a few rounds after a warm-up must allocate nothing at all.
        HitRound(al);
        var allocated = new List<long>();
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            HitRound(al);
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            if (allocated[^1] == 0)
                break;
        }
        Assert.True(allocated[^1] == 0, $"every round allocated: {string.Join(", ", allocated)} bytes");
    }

    static void HitRound(ActivityLog al)
    {
        for (int i = 0; i < 10000; i++)
        {
            var t = al.EnsureActiveAsync(i % 8 * Ext + 512, 65536);
            Assert.True(t.IsCompletedSuccessfully);
            var p = al.AcquireAsync(i % 8 * Ext, 4096);
            Assert.True(p.IsCompletedSuccessfully);
            al.Release(i % 8 * Ext, 4096);
        }
    }

    [Fact]
    public async Task Active_set_survives_a_crash_and_numbering_continues()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io))
        {
            await al.EnsureActiveAsync(0, 4096);
            await al.EnsureActiveAsync(5 * Ext, 4096);
            await al.EnsureActiveAsync(100 * Ext + 7, 10);
        } // no clean shutdown: the ring is all there is
        using var again = Load(l, io);
        Assert.Equal([0L, 5L, 100L], again.RecoverActiveExtents());
        Assert.Equal([0L, 5L, 100L], again.ActiveExtents);
        Assert.Equal(3, again.ValidRecordsAtLoad);
        Assert.Equal(4ul, again.NextTransactionNumber);
        int writes = io.Writes;
        Assert.True(again.EnsureActiveAsync(5 * Ext, 1).IsCompletedSuccessfully);
        Assert.Equal(writes, io.Writes);
    }

    [Fact]
    public async Task A_torn_record_is_ignored_on_replay()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io))
        {
            await al.EnsureActiveAsync(0, 1);
            await al.EnsureActiveAsync(1 * Ext, 1);
            io.TearNextWriteAfter = 1000; // crash in the middle of transaction 3
            await Assert.ThrowsAsync<IOException>(async () => await al.EnsureActiveAsync(2 * Ext, 1));
            Assert.Equal([0L, 1L], al.ActiveExtents); // the write never went ahead
        }
        using var again = Load(l, io);
        Assert.Equal(1, again.CorruptRecordsAtLoad);
        Assert.Equal([0L, 1L], again.RecoverActiveExtents());
    }

    [Fact]
    public async Task A_damaged_record_is_ignored_and_older_records_still_count()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io))
            for (int e = 0; e < 5; e++)
                await al.EnsureActiveAsync(e * Ext, 1);
        io.Bytes[l.AlOffset + 5 * 4096 + 700] ^= 0x04; // bit rot in the newest record (transaction 5)
        using var again = Load(l, io);
        Assert.Equal(1, again.CorruptRecordsAtLoad);
        Assert.Equal(4, again.ValidRecordsAtLoad);
        Assert.Equal([0L, 1L, 2L, 3L], again.RecoverActiveExtents());
        Assert.Equal(5ul, again.NextTransactionNumber); // the torn transaction's number (and ring slot) is reused
        await again.EnsureActiveAsync(7 * Ext, 1);
        Assert.Equal(l.AlOffset + 5 * 4096, io.WriteLog[^1].Offset);
    }

    [Fact]
    public async Task Least_recently_used_extent_is_evicted()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io, extents: 3))
        {
            await al.EnsureActiveAsync(0, 1);
            await al.EnsureActiveAsync(1 * Ext, 1);
            await al.EnsureActiveAsync(2 * Ext, 1);
            await al.EnsureActiveAsync(0, 1);            // touch 0: now 1 is the oldest
            await al.EnsureActiveAsync(3 * Ext, 1);
            Assert.Equal([0L, 2L, 3L], al.ActiveExtents);
            await al.EnsureActiveAsync(4 * Ext, 1);      // evicts 2
            Assert.Equal([0L, 3L, 4L], al.ActiveExtents);
        }
        using var again = Load(l, io, extents: 3);
        Assert.Equal([0L, 3L, 4L], again.ActiveExtents);
        // conservative: extents evicted within the ring's span are still named
        Assert.Equal([0L, 1L, 2L, 3L, 4L], again.RecoverActiveExtents());
    }

    [Fact]
    public async Task Pinned_extents_are_not_evicted_and_a_full_log_waits_for_a_release()
    {
        var (l, io) = Disk();
        using var al = Load(l, io, extents: 2);
        await al.AcquireAsync(0, 1);
        await al.AcquireAsync(Ext, 1);
        var pending = al.EnsureActiveAsync(2 * Ext, 1).AsTask();
        await Task.Delay(100);
        Assert.False(pending.IsCompleted);
        al.Release(Ext, 1);
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0L, 2L], al.ActiveExtents);
        Assert.Throws<InvalidOperationException>(() => al.Release(Ext, 1));
    }

    [Fact]
    public async Task Cancelled_wait_leaves_the_log_usable()
    {
        var (l, io) = Disk();
        using var al = Load(l, io, extents: 1);
        await al.AcquireAsync(0, 1);
        using var cts = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await al.AcquireAsync(Ext, 1, cts.Token));
        al.Release(0, 1);
        await al.AcquireAsync(Ext, 1).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L], al.ActiveExtents);
    }

    [Fact]
    public async Task Large_active_sets_are_rebuilt_from_rotating_context()
    {
        var (l, io) = Disk(20L << 30); // 5120 extents
        const int capacity = 2000;     // more than one record's context (885)
        var rnd = new Random(5);
        IReadOnlyList<long> active;
        using (var al = Load(l, io, capacity))
        {
            for (int i = 0; i < 600; i++)
            {
                long e = rnd.NextInt64(0, 5120 - 40);
                await al.EnsureActiveAsync(e * Ext, 40 * Ext - 1);
            }
            active = al.ActiveExtents;
            Assert.Equal(capacity, active.Count);
        }
        using var again = Load(l, io, capacity);
        Assert.Equal(active, again.ActiveExtents);
        Assert.Superset(new SortedSet<long>(active), new SortedSet<long>(again.RecoverActiveExtents()));
    }

    [Fact]
    public async Task Concurrent_writers_keep_the_table_consistent()
    {
        var (l, io) = Disk();
        using var al = Load(l, io, extents: 16);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var rnd = new Random(t);
            for (int i = 0; i < 3000; i++)
            {
                long off = rnd.NextInt64(0, 64) * Ext + rnd.Next(0, (int)Ext - 8192);
                if (i % 2 == 0)
                    await al.EnsureActiveAsync(off, 8192);
                else
                {
                    await al.AcquireAsync(off, 8192);
                    al.Release(off, 8192);
                }
            }
        })));
        var active = al.ActiveExtents;
        Assert.Equal(active.Count, active.Distinct().Count());
        Assert.True(active.Count <= 16);
        using var again = Load(l, io, extents: 16);
        Assert.Equal(active, again.ActiveExtents);
    }

    [Fact]
    public async Task Records_of_other_metadata_are_ignored()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io, uuid: 111))
            await al.EnsureActiveAsync(0, 1);
        using var other = Load(l, io, uuid: 222);
        Assert.Empty(other.RecoverActiveExtents());
        Assert.Equal(1, other.CorruptRecordsAtLoad);
    }

    [Fact]
    public async Task Reset_empties_the_ring()
    {
        var (l, io) = Disk();
        using (var al = Load(l, io))
        {
            await al.EnsureActiveAsync(0, 1);
            await al.ResetAsync();
            Assert.Empty(al.ActiveExtents);
            await al.EnsureActiveAsync(9 * Ext, 1);
        }
        using var again = Load(l, io);
        Assert.Equal([9L], again.RecoverActiveExtents());
    }

    [Fact]
    public void Out_of_range_requests_are_rejected()
    {
        var (l, io) = Disk(64 * MiB);
        using var al = Load(l, io, extents: 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => al.EnsureActiveAsync(64 * MiB - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => al.EnsureActiveAsync(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => al.EnsureActiveAsync(0, 5 * Ext)); // more extents than the log holds
    }
}
