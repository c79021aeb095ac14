using Microsoft.Win32.SafeHandles;
using Tandem.Fuse;
using Tandem.Storage;

namespace Tandem.Tests.Integration.Fuse;

/// <summary>A real kernel FUSE mount (root) over a RAM target, used through ordinary file calls.</summary>
[Collection("fuse")]
public sealed class FuseBlockFileTests : IAsyncLifetime
{
    const int Size = 16 << 20;
    readonly FuseTestScope _scope = new();
    readonly RamBlockTarget _target = new(Size);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    Task<FuseBlockFile> Mount(string dir, IBlockTarget? target = null, bool directIo = true) =>
        FuseBlockFile.MountAsync(target ?? _target, _scope.Dir(dir), new FuseBlockFileOptions { FileName = "r0", DirectIo = directIo }, _scope.Logs, CancellationToken.None);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task File_reads_and_writes_reach_the_target(bool directIo)
    {
        await using var fuse = await Mount("m", directIo: directIo);
        Assert.Equal(["r0"], Directory.GetFileSystemEntries(fuse.MountDir).Select(Path.GetFileName));
        Assert.Equal(Size, new FileInfo(fuse.FilePath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fuse.FilePath));

        var data = new byte[(1 << 20) + 512];
        Random.Shared.NextBytes(data);
        const long offset = (3 << 20) + 512;
        using (var h = File.OpenHandle(fuse.FilePath, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Write(h, data, offset);
            Assert.Equal(data, _target.Data.AsSpan((int)offset, data.Length).ToArray());

            var back = new byte[data.Length];
            Assert.Equal(back.Length, RandomAccess.Read(h, back, offset));
            Assert.Equal(data, back);

            var small = new byte[7];
            Assert.Equal(7, RandomAccess.Read(h, small, offset + 1001));
            Assert.Equal(data.AsSpan(1001, 7).ToArray(), small);

            // A write straight into the target shows through (no page cache with direct_io; fresh open otherwise).
            if (directIo)
            {
                _target.Data.AsSpan(0, 4).Fill(0x5A);
                var first = new byte[4];
                RandomAccess.Read(h, first, 0);
                Assert.Equal([0x5A, 0x5A, 0x5A, 0x5A], first);
            }
        }
    }

    [Fact]
    public async Task Fsync_and_close_reach_the_target_flush()
    {
        await using var fuse = await Mount("m");
        using (var h = File.OpenHandle(fuse.FilePath, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Write(h, new byte[4096], 0);
            long before = _target.Flushes;
            RandomAccess.FlushToDisk(h); // fsync(2) -> FUSE_FSYNC -> FlushAsync
            Assert.Equal(before + 1, _target.Flushes);
            Assert.Equal(_target.Flushes, fuse.FileSystem.FlushCount);
        }
        long afterClose = _target.Flushes;
        Assert.True(afterClose >= 2, $"close should FLUSH, flushes={afterClose}");
    }

    [Fact]
    public async Task Size_cannot_change_but_same_size_is_accepted()
    {
        await using var fuse = await Mount("m");
        using (var h = File.OpenHandle(fuse.FilePath, FileMode.Open, FileAccess.ReadWrite))
        {
            var e = Assert.ThrowsAny<Exception>(() => RandomAccess.SetLength(h, Size / 2));
            Assert.True(e is IOException or UnauthorizedAccessException, e.GetType().Name);
            RandomAccess.SetLength(h, Size);
        }
        Assert.Equal(Size, new FileInfo(fuse.FilePath).Length);
        Assert.ThrowsAny<Exception>(() => File.Create(Path.Combine(fuse.MountDir, "other")).Dispose());
    }

    [Fact]
    public async Task Concurrent_writers_land_at_their_offsets()
    {
        await using var fuse = await Mount("m");
        using var h = File.OpenHandle(fuse.FilePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        const int chunk = 64 * 1024;
        await Parallel.ForAsync(0, 64, async (i, ct) =>
        {
            var data = new byte[chunk];
            data.AsSpan().Fill((byte)(i + 1));
            await RandomAccess.WriteAsync(h, data, (long)i * chunk, ct);
        });
        for (int i = 0; i < 64; i++)
            Assert.All(_target.Data.AsSpan(i * chunk, chunk).ToArray(), b => Assert.Equal((byte)(i + 1), b));
    }

    [Fact]
    public async Task Target_errors_surface_as_io_errors()
    {
        await using var fuse = await Mount("m");
        using var h = File.OpenHandle(fuse.FilePath, FileMode.Open, FileAccess.ReadWrite);
        _target.FailWith = Errno.EIO;
        Assert.Throws<IOException>(() => RandomAccess.Write(h, new byte[4096], 0));
        Assert.Throws<IOException>(() => RandomAccess.Read(h, new byte[4096], 0));
        _target.FailWith = 0;
        RandomAccess.Write(h, new byte[4096], 0);
    }

    [Fact]
    public async Task Dispose_unmounts_and_ends_the_session()
    {
        var fuse = await Mount("m");
        Assert.NotNull(FuseMount.Find(fuse.MountDir));
        await fuse.DisposeAsync();
        Assert.Null(FuseMount.Find(fuse.MountDir));
        Assert.True(fuse.Ended.IsCompleted);
        Assert.Empty(Directory.GetFileSystemEntries(fuse.MountDir));
    }

    [Fact]
    public async Task Stale_mount_of_a_dead_server_is_replaced()
    {
        var dead = await Mount("m");
        dead.Abort("test: simulate a killed server"); // what the kernel does when the server process dies
        await dead.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        var e = Assert.ThrowsAny<IOException>(() => Directory.GetFileSystemEntries(dead.MountDir));
        Assert.Contains("not connected", e.Message, StringComparison.OrdinalIgnoreCase);

        var other = new RamBlockTarget(Size);
        other.Data[0] = 0x77;
        await using var live = await Mount("m", other);
        await dead.DisposeAsync(); // must not touch the new mount at the same place
        Assert.NotNull(FuseMount.Find(live.MountDir));
        var b = new byte[1];
        using var h = File.OpenHandle(live.FilePath);
        RandomAccess.Read(h, b, 0);
        Assert.Equal(0x77, b[0]);
    }

    [Fact]
    public async Task Mounting_over_a_live_mount_is_refused()
    {
        await using var first = await Mount("m");
        var e = await Assert.ThrowsAsync<IOException>(() => Mount("m"));
        Assert.Contains("live FUSE mount", e.Message);
    }
}
