using Tandem.Storage;

namespace Tandem.Tests.Unit.Storage;

/// <summary>
/// Aligned writes (past the page cache where the filesystem allows) and unaligned ones (through it) read back
/// exactly, in whatever order they mix.
/// </summary>
public sealed class BackingFileDirectTests : IDisposable
{
    readonly List<string> _files = [];

    string NewFile(string dir, long size)
    {
        var path = Path.Combine(dir, $"tandem-direct-{Guid.NewGuid():N}.img");
        using (var f = File.Create(path))
            f.SetLength(size);
        _files.Add(path);
        return path;
    }

    static byte[] Pattern(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    public static TheoryData<string> Dirs() => new() { Path.GetTempPath(), "/dev/shm" };

    [Theory]
    [MemberData(nameof(Dirs))]
    public void Aligned_writes_over_cached_dirty_data_read_back_exactly(string dir)
    {
        if (!Directory.Exists(dir))
            return;
        var path = NewFile(dir, 8 << 20);
        using (var f = new BackingFile(path))
        {
            var before = Pattern(3 << 20, 1);
            f.Write(0, before.AsSpan(0, 512)); // unaligned: dirty in the page cache, not synced
            f.Write(512, before.AsSpan(512)); // unaligned too
            var direct = Pattern((1 << 20) + 8192, 2); // larger than one piece of the aligned buffer
            f.Write(1 << 20, direct);
            var after = Pattern(4096, 3);
            f.Write((2 << 20) + 512, after.AsSpan(512)); // a buffered write into the range just written past the cache
            f.Write(2 << 20, after.AsSpan(0, 512));
            f.Sync();
            if (new DriveInfo(dir).DriveFormat is "ext4" or "xfs") // filesystems that always take O_DIRECT
                Assert.True(f.WritesDirect, $"aligned writes on {dir} should have gone past the page cache");

            var read = new byte[4 << 20];
            f.Read(0, read);
            Assert.Equal(before.AsSpan(0, 1 << 20).ToArray(), read[..(1 << 20)]);
            Assert.Equal(direct.AsSpan(0, 1 << 20).ToArray(), read[(1 << 20)..(2 << 20)]);
            Assert.Equal(after, read[(2 << 20)..((2 << 20) + 4096)]);
            Assert.Equal(direct.AsSpan((1 << 20) + 4096, 4096).ToArray(), read[((2 << 20) + 4096)..((2 << 20) + 8192)]);
            Assert.Equal(before.AsSpan((2 << 20) + 8192, (1 << 20) - 8192).ToArray(), read[((2 << 20) + 8192)..(3 << 20)]);
        }
        // And through another descriptor: what the kernel holds for the file, not this object's view.
        var whole = File.ReadAllBytes(path);
        Assert.Equal(Pattern((1 << 20) + 8192, 2).AsSpan(4096, 4096).ToArray(), whole[((1 << 20) + 4096)..((1 << 20) + 8192)]);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(192 * 1024)]
    [InlineData((1 << 20) + 4096)]
    public unsafe void Writes_from_an_aligned_window_read_back_exactly(int length)
    {
        var path = NewFile(Path.GetTempPath(), 4 << 20);
        var pool = new AlignedArrays();
        var array = pool.Rent(length);
        var window = AlignedArrays.Window(array, length);
        fixed (byte* p = window.Span)
            Assert.Equal(0, (long)p % AlignedArrays.Alignment);
        Pattern(length, 11).CopyTo(window);
        using (var f = new BackingFile(path))
        {
            f.Write(8192, window.Span);
            f.Sync();
        }
        pool.Return(array);
        Assert.Equal(Pattern(length, 11), File.ReadAllBytes(path).AsSpan(8192, length).ToArray());
    }

    [Theory]
    [InlineData(512, 1 << 20)]
    [InlineData(0, (1 << 20) + 100)]
    [InlineData(4096 * 3 + 1, 65536)]
    public void Unaligned_writes_are_ordinary_writes(long offset, int length)
    {
        var path = NewFile(Path.GetTempPath(), 4 << 20);
        using var f = new BackingFile(path);
        var data = Pattern(length, 7);
        f.Write(offset, data);
        var read = new byte[length];
        f.Read(offset, read);
        Assert.Equal(data, read);
    }

    public void Dispose()
    {
        foreach (var f in _files)
            File.Delete(f);
    }
}
