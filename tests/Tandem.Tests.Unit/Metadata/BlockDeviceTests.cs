using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

/// <summary>Metadata on real block devices (loop devices over temp files; needs root, detached on dispose).</summary>
public class BlockDeviceTests : IDisposable
{
    const long MiB = 1 << 20;
    readonly TempDisk _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Create_and_open_on_a_loop_device()
    {
        string dev = _tmp.Loop(_tmp.File("loop.img", 96 * MiB + 4096));
        using (var d = MetadataDevice.Open(dev, writable: false))
        {
            Assert.True(d.IsBlockDevice);
            Assert.Equal(96 * MiB + 4096, d.Size); // BLKGETSIZE64
        }
        var t = new MetadataTarget("r0", dev);
        var r = MetadataStore.Create(t, false, "db-1");
        Assert.Equal(MetadataLayout.ForInternal(96 * MiB + 4096), r.Superblock.Layout);
        await using (var h = MetadataStore.Open(t, "db-1"))
        {
            Assert.True(h.BackingIsBlockDevice);
            Assert.Throws<MetadataInUseException>(() => MetadataStore.Open(t, "db-1"));
            await h.UpdateAsync(sb => sb with { Flags = MetadataFlags.Consistent });
        }
        Assert.Equal(ProbeKind.TandemMetadata, Assert.Single(DiskProbe.Inspect(dev).Findings).Kind);
        Assert.Equal(MetadataFlags.Consistent, MetadataStore.ReadSuperblock(t).Flags);
    }

    [Fact]
    public void A_mounted_device_is_refused_even_with_force()
    {
        string dev = _tmp.Loop(_tmp.File("mnt.img", 64 * MiB));
        TempDisk.Run("mkfs.ext4", "-F", "-q", "-L", "busy", dev);
        string mnt = Directory.CreateDirectory(_tmp.PathOf("mnt")).FullName;
        TempDisk.Run("mount", dev, mnt);
        try
        {
            var e = Assert.Throws<MetadataInUseException>(() => MetadataStore.Create(new MetadataTarget("r0", dev), force: true, "db-1"));
            Assert.StartsWith($"{dev} is in use by the system (mounted", e.Message);
        }
        finally
        {
            TempDisk.Run("umount", mnt);
        }
        var refused = Assert.Throws<MetadataRefusedException>(() => MetadataStore.Create(new MetadataTarget("r0", dev), force: false, "db-1"));
        Assert.StartsWith($"{dev} holds an ext4 filesystem (label \"busy\")", refused.Message);
    }

    [Fact]
    public void An_open_volume_keeps_its_device_from_being_mounted()
    {
        string dev = _tmp.Loop(_tmp.File("claim.img", 64 * MiB));
        TempDisk.Run("mkfs.ext4", "-F", "-q", dev);
        var t = new MetadataTarget("r0", dev);
        MetadataStore.Create(t, force: true, "db-1");
        string mnt = Directory.CreateDirectory(_tmp.PathOf("mnt")).FullName;
        using (MetadataStore.Open(t, "db-1"))
            Assert.Throws<InvalidOperationException>(() => TempDisk.Run("mount", "-o", "ro", dev, mnt));
        TempDisk.Run("mount", "-o", "ro", dev, mnt); // released on dispose: the data area is mountable on its own, as with DRBD
        TempDisk.Run("umount", mnt);
    }
}
