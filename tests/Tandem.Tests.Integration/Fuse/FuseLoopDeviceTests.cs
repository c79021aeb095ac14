using Tandem.Fuse;

namespace Tandem.Tests.Integration.Fuse;

/// <summary>Loop devices over the FUSE file (root): ext4 on top, durability across detach, busy and stale cases.</summary>
[Collection("fuse")]
public sealed class FuseLoopDeviceTests : IAsyncLifetime
{
    const int Size = 64 << 20;
    readonly FuseTestScope _scope = new();
    readonly RamBlockTarget _target = new(Size);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    Task<FuseLoopDevice> Attach(string dir, RamBlockTarget? target = null, FuseLoopOptions? options = null) =>
        FuseLoopDevice.AttachAsync(target ?? _target, "r0", _scope.Dir(dir), _scope.Logs, options ?? FuseLoopOptions.Default, CancellationToken.None);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ext4_survives_detach_and_reattach(bool loopDirectIo)
    {
        var options = new FuseLoopOptions { LoopDirectIo = loopDirectIo };
        string mnt = _scope.Dir("ext4");
        string payload = "committed " + Guid.NewGuid();

        var dev = await Attach("fuse", options: options);
        Assert.StartsWith("/dev/loop", dev.LoopPath);
        Assert.Equal(loopDirectIo, dev.Loop.IsDirectIo);
        await FuseTestScope.MustRun("mkfs.ext4", "-q", dev.LoopPath);
        await FuseTestScope.MustRun("mount", dev.LoopPath, mnt);
        long flushesBefore = _target.Flushes;
        using (var fs = new FileStream(Path.Combine(mnt, "data.txt"), FileMode.CreateNew))
        {
            fs.Write(System.Text.Encoding.UTF8.GetBytes(payload));
            fs.Flush(flushToDisk: true); // ext4 fsync -> journal commit -> loop flush -> FUSE_FSYNC
        }
        Assert.True(_target.Flushes > flushesBefore, "an fsync on ext4 must reach the target's FlushAsync");
        await FuseTestScope.MustRun("umount", mnt);
        string loopPath = dev.LoopPath;
        await dev.DisposeAsync();
        Assert.False(dev.Loop.IsAttached);
        Assert.Null(FuseMount.Find(dev.File.MountDir));
        Assert.DoesNotContain(LoopDevice.FindBackedBy(_scope.Root, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), l => l.Path == loopPath);

        await using var again = await Attach("fuse", options: options);
        await FuseTestScope.MustRun("mount", again.LoopPath, mnt);
        Assert.Equal(payload, File.ReadAllText(Path.Combine(mnt, "data.txt")));
        await FuseTestScope.MustRun("umount", mnt);
    }

    [Fact]
    public async Task Detach_while_mounted_is_refused_and_changes_nothing()
    {
        string mnt = _scope.Dir("ext4");
        var dev = await Attach("fuse");
        await FuseTestScope.MustRun("mkfs.ext4", "-q", dev.LoopPath);
        await FuseTestScope.MustRun("mount", dev.LoopPath, mnt);

        var e = await Assert.ThrowsAsync<LoopDeviceBusyException>(() => dev.DetachAsync(CancellationToken.None));
        Assert.Equal(dev.LoopPath, e.LoopPath);
        Assert.True(dev.Loop.IsAttached);
        File.WriteAllText(Path.Combine(mnt, "still-works"), "yes");
        await FuseTestScope.MustRun("sync", "-f", Path.Combine(mnt, "still-works"));

        await FuseTestScope.MustRun("umount", mnt);
        await dev.DisposeAsync();
        Assert.False(dev.Loop.IsAttached);
        Assert.Null(FuseMount.Find(dev.File.MountDir));
    }

    [Fact]
    public async Task Discard_and_write_zeroes_reach_the_target()
    {
        await using var dev = await Attach("fuse");
        _target.Data.AsSpan(0, 1 << 20).Fill(0xCD);
        await FuseTestScope.MustRun("blkdiscard", "-o", "0", "-l", "65536", dev.LoopPath);
        Assert.True(_target.Trims > 0, "discard on the loop device should punch a hole in the file");
        Assert.All(_target.Data.AsSpan(0, 65536).ToArray(), b => Assert.Equal(0, b));
        await FuseTestScope.MustRun("blkdiscard", "-z", "-o", "65536", "-l", "65536", dev.LoopPath);
        Assert.True(_target.Zeroes + _target.Trims > 1);
        Assert.All(_target.Data.AsSpan(65536, 65536).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(0xCD, _target.Data[131072]);
    }

    [Fact]
    public async Task Leftovers_of_a_killed_server_are_cleaned_at_attach()
    {
        var dead = await Attach("fuse");
        dead.File.Abort("test: simulate a killed server");
        await dead.File.Ended.WaitAsync(TimeSpan.FromSeconds(10));

        var other = new RamBlockTarget(Size);
        other.Data[512] = 0x42;
        await using var live = await Attach("fuse", other);
        var backed = LoopDevice.FindBackedBy(_scope.Root, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Equal([live.LoopPath], backed.Select(l => l.Path));

        await dead.DisposeAsync(); // must leave the new loop and mount alone, even if it got the same loop number
        Assert.True(live.Loop.IsAttached);
        using var h = File.OpenHandle(live.LoopPath);
        var b = new byte[512];
        RandomAccess.Read(h, b, 512);
        Assert.Equal(0x42, b[0]);
    }
}
