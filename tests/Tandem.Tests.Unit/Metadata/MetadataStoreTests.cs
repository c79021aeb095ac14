using System.Buffers.Binary;
using System.Security.Cryptography;
using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class MetadataStoreTests : IDisposable
{
    const long MiB = 1 << 20;
    readonly TempDisk _tmp = new();

    public void Dispose() => _tmp.Dispose();

    static string Hash(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(fs));
    }

    [Fact]
    public async Task Create_writes_fresh_inconsistent_metadata_and_open_reads_it()
    {
        string disk = _tmp.File("disk.img", 256 * MiB);
        var r = MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1");
        Assert.Empty(r.Found);
        Assert.Empty(r.Warnings);
        var sb = r.Superblock;
        Assert.Equal(MetadataFlags.None, sb.Flags);            // not Consistent: Inconsistent until the first sync
        Assert.Equal(GenerationUuids.Created, sb.Uuids);
        Assert.Equal(0, sb.LaSize);
        Assert.NotEqual(0ul, sb.DeviceUuid);
        Assert.Equal(MetadataLayout.ForInternal(256 * MiB), sb.Layout);

        await using var h = MetadataStore.Open(new MetadataTarget("r0", disk), "db-1");
        Assert.Equal(sb, h.Superblock);
        Assert.Equal(0, h.Bitmap.DirtyBlocks);
        Assert.Equal(sb.DataSize / 4096, h.Bitmap.BlockCount);
        Assert.Empty(h.ActivityLog.RecoverActiveExtents());
        Assert.Empty(h.Warnings);
        Assert.False(h.BackingIsBlockDevice);
    }

    [Fact]
    public void Create_refuses_an_ext4_filesystem_naming_it_and_changes_nothing()
    {
        string disk = _tmp.File("ext4.img", 256 * MiB);
        TempDisk.Run("mkfs.ext4", "-F", "-q", "-L", "data", disk);
        string before = Hash(disk);
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1"));
        Assert.StartsWith($"{disk} holds an ext4 filesystem (label \"data\"). Writing metadata at its end could destroy data there", e.Message);
        Assert.EndsWith("if you are sure, run: tandem volume create-md r0 --force", e.Message);
        Assert.Contains("shrink it to at most", e.Message);
        Assert.Equal(before, Hash(disk));
    }

    [Fact]
    public void Create_refuses_xfs_and_force_overwrites_saying_how_many_bytes()
    {
        string disk = _tmp.File("xfs.img", 320 * MiB);
        TempDisk.Run("mkfs.xfs", "-f", "-q", "-L", "dbxfs", disk);
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1"));
        Assert.StartsWith($"{disk} holds an XFS filesystem (label \"dbxfs\")", e.Message);

        var r = MetadataStore.Create(new MetadataTarget("r0", disk), force: true, "db-1");
        var layout = r.Superblock.Layout;
        long overwritten = 320 * MiB - layout.AlOffset;
        var w = Assert.Single(r.Warnings);
        Assert.Contains($"the XFS filesystem (label \"dbxfs\") on {disk} extends into the metadata area: its last {overwritten} bytes", w);
        Assert.Contains(r.Found, f => f.Kind == ProbeKind.Xfs);
        using var h = MetadataStore.Open(new MetadataTarget("r0", disk), "db-1");
        Assert.Equal(r.Superblock.DeviceUuid, h.Superblock.DeviceUuid);
    }

    [Fact]
    public void A_filesystem_that_ends_before_the_metadata_is_still_refused_but_called_a_guess()
    {
        string disk = _tmp.File("small-fs.img", 256 * MiB);
        TempDisk.Run("mkfs.ext4", "-F", "-q", disk, "200M");
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1"));
        Assert.Contains("seems to end before the metadata area", e.Message);
        var r = MetadataStore.Create(new MetadataTarget("r0", disk), force: true, "db-1");
        Assert.Empty(r.Warnings); // nothing of it was overwritten
        TempDisk.Run("e2fsck", "-fn", disk); // the filesystem is intact
    }

    [Fact]
    public void Create_refuses_existing_metadata_and_force_makes_new_metadata()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var first = MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1");
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "db-1"));
        Assert.StartsWith($"{disk} already holds Tandem metadata (internal, device uuid {first.Superblock.DeviceUuid:X16}", e.Message);
        Assert.Contains("full sync", e.Message);
        Assert.EndsWith("tandem volume create-md r0 --force", e.Message);
        var second = MetadataStore.Create(new MetadataTarget("r0", disk), force: true, "db-1");
        Assert.NotEqual(first.Superblock.DeviceUuid, second.Superblock.DeviceUuid);
        Assert.StartsWith("replaced the existing Tandem metadata", Assert.Single(second.Warnings));
    }

    [Fact]
    public void The_same_disk_cannot_be_opened_twice_nor_recreated_while_open()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var t = new MetadataTarget("r0", disk);
        MetadataStore.Create(t, false, "db-1");
        using (MetadataStore.Open(t, "db-1"))
        {
            var e = Assert.Throws<MetadataInUseException>(() => MetadataStore.Open(t, "db-1"));
            Assert.Equal($"{disk} is in use by another tandem process (volume r0 is up, or a create-md is running): run 'tandem volume down r0' first", e.Message);
            Assert.Throws<MetadataInUseException>(() => MetadataStore.Create(t, true, "db-1"));
            // the volume's own data handle (opened by .NET, which takes flock LOCK_SH) is not blocked
            using var data = File.OpenHandle(disk, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        using var again = MetadataStore.Open(t, "db-1");
    }

    [Fact]
    public void Open_without_metadata_says_how_to_create_it()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var e = Assert.Throws<MetadataCorruptException>(() => MetadataStore.Open(new MetadataTarget("r0", disk), "db-1"));
        Assert.Equal(MetadataCorruption.NoMetadata, e.Reason);
        Assert.Contains("create it with 'tandem volume create-md r0'", e.Message);
    }

    [Fact]
    public async Task Updates_alternate_copies_and_survive_reopen()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var t = new MetadataTarget("r0", disk);
        MetadataStore.Create(t, false, "db-1");
        Superblock written;
        await using (var h = MetadataStore.Open(t, "db-2"))
        {
            await h.UpdateAsync(sb => sb with { Flags = MetadataFlags.Consistent });
            written = await h.UpdateAsync(sb => sb with
            {
                Flags = sb.Flags | MetadataFlags.WasUpToDate | MetadataFlags.PrimaryInd,
                Uuids = new GenerationUuids(0x1111, 0x2222, 4, 0),
                LaSize = sb.DataSize,
            });
            Assert.Equal(4ul, written.Sequence);
            Assert.Equal("db-2", written.NodeName);
            await Assert.ThrowsAsync<ArgumentException>(async () => await h.UpdateAsync(sb => sb with { DeviceUuid = 1 }));
        }
        var layout = written.Layout;
        Assert.Equal(3ul, ReadSequence(disk, layout.SuperblockCopyOffset(0)));
        Assert.Equal(4ul, ReadSequence(disk, layout.SuperblockCopyOffset(1)));
        using var again = MetadataStore.Open(t, "db-1");
        Assert.Equal(written, again.Superblock);
        Assert.Equal(written, MetadataStore.ReadSuperblock(t));
    }

    [Fact]
    public async Task Lost_peer_as_primary_survives_reopen_with_its_bitmap_uuid()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var t = new MetadataTarget("r0", disk);
        MetadataStore.Create(t, false, "db-1");
        await using (var h = MetadataStore.Open(t, "db-1"))
            await h.UpdateAsync(sb => sb with
            {
                Flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.LostPeerAsPrimary,
                Uuids = new GenerationUuids(0x3333, 0x2222, 0x1111, 0),
            });
        using var again = MetadataStore.Open(t, "db-1");
        Assert.True(again.Superblock.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
        Assert.Equal(0x2222ul, again.Superblock.Uuids.Bitmap);
    }

    [Fact]
    public async Task A_damaged_newest_copy_falls_back_to_the_other_with_a_warning_and_is_rewritten()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var t = new MetadataTarget("r0", disk);
        var layout = MetadataStore.Create(t, false, "db-1").Superblock.Layout;
        await using (var h = MetadataStore.Open(t, "db-1"))
            await h.UpdateAsync(sb => sb with { Flags = MetadataFlags.Consistent }); // sequence 3 → copy 0
        FlipBit(disk, layout.SuperblockCopyOffset(0) + 500); // e.g. torn by a crash during that update
        await using (var h = MetadataStore.Open(t, "db-1"))
        {
            Assert.Equal(2ul, h.Superblock.Sequence);
            Assert.Equal(MetadataFlags.None, h.Superblock.Flags); // the last state that was committed
            Assert.Contains($"superblock copy 0 at offset {layout.SuperblockCopyOffset(0)} on {disk} is unusable (ChecksumMismatch)", Assert.Single(h.Warnings));
            await h.UpdateAsync(sb => sb with { Flags = MetadataFlags.Consistent }); // rewrites copy 0
        }
        using var again = MetadataStore.Open(t, "db-1");
        Assert.Empty(again.Warnings);
        Assert.Equal(MetadataFlags.Consistent, again.Superblock.Flags);
    }

    [Fact]
    public void Both_copies_damaged_is_refused_with_the_checksum_message()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        var t = new MetadataTarget("r0", disk);
        var layout = MetadataStore.Create(t, false, "db-1").Superblock.Layout;
        FlipBit(disk, layout.SuperblockCopyOffset(0) + 40);
        FlipBit(disk, layout.SuperblockCopyOffset(1) + 3000);
        string before = Hash(disk);
        var e = Assert.Throws<MetadataCorruptException>(() => MetadataStore.Open(t, "db-1"));
        Assert.Equal(MetadataCorruption.ChecksumMismatch, e.Reason);
        Assert.Equal($"metadata checksum mismatch at offset {layout.SuperblockCopyOffset(0)} on {disk}: refusing to attach; " +
                     "restore from the peer (tandem volume create-md r0 --force then resync) — nothing was changed", e.Message);
        Assert.Equal(before, Hash(disk));
        Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(t, false, "db-1")); // names the damaged metadata
    }

    [Fact]
    public async Task Bitmap_and_activity_log_persist_across_open()
    {
        string disk = _tmp.File("disk.img", 256 * MiB);
        var t = new MetadataTarget("r0", disk);
        MetadataStore.Create(t, false, "db-1");
        using (var h = MetadataStore.Open(t, "db-1"))
        {
            h.Bitmap.SetRange(10 * MiB, 3 * 4096);
            h.Bitmap.SetRange(200 * MiB, 1);
            await h.FlushAsync();
            await h.ActivityLog.EnsureActiveAsync(9 * MiB, 4096);  // extent 2
            await h.ActivityLog.EnsureActiveAsync(100 * MiB, 1);   // extent 25
        } // Dispose without flush: the bitmap was flushed, the AL is durable per transaction
        using var again = MetadataStore.Open(t, "db-1");
        Assert.Equal(4, again.Bitmap.DirtyBlocks);
        Assert.Equal([new DirtyRun(10 * MiB, 3 * 4096), new DirtyRun(200 * MiB, 4096)], again.Bitmap.EnumerateDirtyRuns().ToArray());
        Assert.Equal([2L, 25L], again.ActivityLog.RecoverActiveExtents());
    }

    [Fact]
    public void External_metadata_keeps_the_filesystem_on_the_backing_disk()
    {
        string data = _tmp.File("data.img", 256 * MiB);
        TempDisk.Run("mkfs.ext4", "-F", "-q", "-L", "keep", data);
        string meta = _tmp.PathOf("r0.meta");
        var t = new MetadataTarget("r0", data, meta);
        var r = MetadataStore.Create(t, false, "db-1");
        Assert.Equal(MetaKind.External, r.Superblock.Layout.Kind);
        Assert.Equal(256 * MiB, r.Superblock.DataSize);
        Assert.Contains(r.Found, f => f.Kind == ProbeKind.Ext4 && f.Label == "keep");
        Assert.Equal(MetadataLayout.ExternalMetaSizeFor(256 * MiB), new FileInfo(meta).Length);
        TempDisk.Run("e2fsck", "-fn", data);
        using (var h = MetadataStore.Open(t, "db-1"))
            Assert.Equal(256 * MiB, h.DataSize);
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(t, false, "db-1"));
        Assert.StartsWith($"{meta} already holds Tandem metadata (external", e.Message);
        var wrongKind = Assert.Throws<MetadataCorruptException>(() => MetadataStore.Open(new MetadataTarget("r0", meta), "db-1"));
        Assert.Equal(MetadataCorruption.NoMetadata, wrongKind.Reason);
    }

    [Fact]
    public void External_metadata_refuses_a_backing_disk_that_shrank()
    {
        string data = _tmp.File("data.img", 256 * MiB), meta = _tmp.PathOf("r0.meta");
        var t = new MetadataTarget("r0", data, meta);
        MetadataStore.Create(t, false, "db-1");
        using (var fs = new FileStream(data, FileMode.Open))
            fs.SetLength(128 * MiB);
        var e = Assert.Throws<MetadataCorruptException>(() => MetadataStore.Open(t, "db-1"));
        Assert.Equal(MetadataCorruption.LayoutInconsistent, e.Reason);
        Assert.Contains("did it shrink?", e.Message);
    }

    [Fact]
    public void Too_small_disk_is_refused()
    {
        string disk = _tmp.File("tiny.img", 512 * 1024);
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", disk), false, "db-1"));
        Assert.StartsWith($"{disk} is too small for a Tandem volume: it has 512 KiB", e.Message);
    }

    [Fact]
    public void Missing_disk_is_refused_clearly()
    {
        var e = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", _tmp.PathOf("nope.img")), false, "db-1"));
        Assert.Equal($"cannot open {_tmp.PathOf("nope.img")}: does not exist", e.Message);
    }

    static ulong ReadSequence(string path, long offset)
    {
        var b = new byte[8];
        using var fs = File.OpenRead(path);
        fs.Position = offset + 16;
        fs.ReadExactly(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    static void FlipBit(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        int v = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(v ^ 0x08));
    }
}
