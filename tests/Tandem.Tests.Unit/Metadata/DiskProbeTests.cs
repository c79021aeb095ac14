using System.Buffers.Binary;
using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class DiskProbeTests : IDisposable
{
    const long MiB = 1 << 20;
    readonly TempDisk _tmp = new();

    public void Dispose() => _tmp.Dispose();

    static string Blkid(string path, string tag) => TempDisk.Run("blkid", "-p", "-o", "value", "-s", tag, path).Trim();

    [Fact]
    public void Empty_disk_holds_nothing()
    {
        var r = DiskProbe.Inspect(_tmp.File("empty.img", 64 * MiB));
        Assert.True(r.IsEmpty);
        Assert.Equal(64 * MiB, r.Size);
        Assert.False(r.IsBlockDevice);
    }

    [Fact]
    public void Finds_a_real_ext4_with_label_size_and_uuid()
    {
        string img = _tmp.File("ext4.img", 1024 * MiB);
        TempDisk.Run("mkfs.ext4", "-F", "-q", "-L", "data", img);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(ProbeKind.Ext4, f.Kind);
        Assert.Equal("data", f.Label);
        Assert.Equal(1024 * MiB, f.Size);
        Assert.Equal(Blkid(img, "UUID"), f.Uuid);
        Assert.Equal("ext4 filesystem (label \"data\", 1.0 GiB) at offset 0", f.Description);
    }

    [Theory]
    [InlineData("mkfs.ext3", ProbeKind.Ext3)]
    [InlineData("mkfs.ext2", ProbeKind.Ext2)]
    public void Tells_ext2_and_ext3_apart(string mkfs, ProbeKind kind)
    {
        string img = _tmp.File("ext.img", 64 * MiB);
        TempDisk.Run(mkfs, "-F", "-q", img);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(kind, f.Kind);
        Assert.Null(f.Label);
        Assert.Equal($"{mkfs[5..]} filesystem (64 MiB) at offset 0", f.Description);
    }

    [Fact]
    public void Ext4_smaller_than_the_disk_reports_its_own_size()
    {
        string img = _tmp.File("small.img", 128 * MiB);
        TempDisk.Run("mkfs.ext4", "-F", "-q", img, "100M");
        Assert.Equal(100 * MiB, Assert.Single(DiskProbe.Inspect(img).Findings).Size);
    }

    [Fact]
    public void Finds_a_real_xfs()
    {
        string img = _tmp.File("xfs.img", 320 * MiB);
        TempDisk.Run("mkfs.xfs", "-f", "-q", "-L", "dbxfs", img);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(ProbeKind.Xfs, f.Kind);
        Assert.Equal("dbxfs", f.Label);
        Assert.Equal(Blkid(img, "UUID"), f.Uuid);
        Assert.Equal(320 * MiB, f.Size);
        Assert.Equal("XFS filesystem (label \"dbxfs\", 320 MiB) at offset 0", f.Description);
    }

    [Fact]
    public void Finds_a_real_swap_area()
    {
        string img = _tmp.File("swap.img", 32 * MiB);
        TempDisk.Run("mkswap", "-L", "sw", img);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(ProbeKind.Swap, f.Kind);
        Assert.Equal("sw", f.Label);
        Assert.Equal(Blkid(img, "UUID"), f.Uuid);
        Assert.Equal(32 * MiB, f.Size);
    }

    [Fact]
    public void Finds_an_lvm2_label()
    {
        string img = _tmp.File("pv.img", 16 * MiB);
        var head = new byte[4096];
        "LABELONE"u8.CopyTo(head.AsSpan(512));
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(512 + 8), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(512 + 20), 32);
        "LVM2 001"u8.CopyTo(head.AsSpan(512 + 24));
        "Abcdef1234567890Abcdef1234567890"u8.CopyTo(head.AsSpan(512 + 32));
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(512 + 64), (ulong)(16 * MiB));
        WriteAt(img, 0, head);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(ProbeKind.Lvm2PhysicalVolume, f.Kind);
        Assert.Equal("Abcdef-1234-5678-90Ab-cdef-1234-567890", f.Uuid);
        Assert.Equal("LVM2 physical volume (UUID Abcdef-1234-5678-90Ab-cdef-1234-567890, 16 MiB) at offset 0", f.Description);
    }

    [Fact]
    public void Finds_mbr_and_gpt_partition_tables()
    {
        string mbr = _tmp.File("mbr.img", 16 * MiB);
        var b = new byte[512];
        b[446 + 4] = 0x83;
        b[446 + 16 + 4] = 0x82;
        b[510] = 0x55;
        b[511] = 0xAA;
        WriteAt(mbr, 0, b);
        Assert.Equal("MBR partition table (2 partitions) at offset 0", Assert.Single(DiskProbe.Inspect(mbr).Findings).Description);

        string gpt = _tmp.File("gpt.img", 16 * MiB);
        var g = new byte[3 * 512];
        g[446 + 4] = 0xEE;
        g[510] = 0x55;
        g[511] = 0xAA;
        "EFI PART"u8.CopyTo(g.AsSpan(512));
        BinaryPrimitives.WriteUInt64LittleEndian(g.AsSpan(512 + 72), 2);   // entries at LBA 2
        BinaryPrimitives.WriteUInt32LittleEndian(g.AsSpan(512 + 80), 128); // 128 entries
        BinaryPrimitives.WriteUInt32LittleEndian(g.AsSpan(512 + 84), 128); // of 128 bytes
        g[1024] = 0x11;                                                     // entry 0 has a type
        WriteAt(gpt, 0, g);
        var e = new byte[128];
        e[3] = 0x22;
        WriteAt(gpt, 1024 + 5 * 128, e);                                    // entry 5
        var f = Assert.Single(DiskProbe.Inspect(gpt).Findings);
        Assert.Equal(ProbeKind.GptPartitionTable, f.Kind);
        Assert.Equal("GPT partition table (2 partitions) at offset 0", f.Description);
    }

    [Fact]
    public void A_boot_sector_signature_without_plausible_entries_is_not_a_partition_table()
    {
        string img = _tmp.File("fat.img", 16 * MiB);
        var b = new byte[512];
        new Random(1).NextBytes(b.AsSpan(0, 510));
        b[446] = 0x29; // not a boot flag
        b[510] = 0x55;
        b[511] = 0xAA;
        WriteAt(img, 0, b);
        Assert.Empty(DiskProbe.Inspect(img).Findings);
    }

    [Fact]
    public void Finds_drbd_internal_metadata_at_the_end()
    {
        string img = _tmp.File("drbd.img", 16 * MiB);
        var b = new byte[4096];
        BinaryPrimitives.WriteUInt64BigEndian(b, (ulong)(15 * MiB / 512));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(60), 0x8374026c);
        WriteAt(img, 16 * MiB - 4096, b);
        var f = Assert.Single(DiskProbe.Inspect(img).Findings);
        Assert.Equal(ProbeKind.DrbdMetadata, f.Kind);
        Assert.Equal($"DRBD metadata (version 8.4, not cleanly detached, size 15 MiB) at offset {16 * MiB - 4096}", f.Description);
    }

    [Fact]
    public void Finds_tandem_metadata_internal_and_external()
    {
        string disk = _tmp.File("disk.img", 64 * MiB);
        MetadataStore.Create(new MetadataTarget("r0", disk), force: false, "node-a");
        var f = Assert.Single(DiskProbe.Inspect(disk).Findings);
        Assert.Equal(ProbeKind.TandemMetadata, f.Kind);
        Assert.Equal(64 * MiB - 8192, f.Offset);
        Assert.Contains("(internal, device uuid", f.Description);
        Assert.Contains("last written by node-a", f.Description);

        string data = _tmp.File("data.img", 64 * MiB), meta = _tmp.PathOf("r1.meta");
        MetadataStore.Create(new MetadataTarget("r1", data, meta), force: false, "node-a");
        var m = Assert.Single(DiskProbe.Inspect(meta).Findings);
        Assert.Equal(0, m.Offset);
        Assert.Contains("(external, device uuid", m.Description);
        Assert.Empty(DiskProbe.Inspect(data).Findings);
    }

    internal static void WriteAt(string path, long offset, byte[] data)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write);
        fs.Position = offset;
        fs.Write(data);
    }
}
