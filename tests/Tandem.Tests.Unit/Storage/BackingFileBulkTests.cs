using Tandem.Storage;

namespace Tandem.Tests.Unit.Storage;

/// <summary>Bulk writes (past the page cache where the filesystem allows) read back exactly like ordinary ones.</summary>
public sealed class BackingFileBulkTests : IDisposable
{
    readonly List<string> _files = [];

    string NewFile(string dir, long size)
    {
        var path = Path.Combine(dir, $"tandem-bulk-{Guid.NewGuid():N}.img");
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
    public void Aligned_bulk_writes_over_cached_dirty_data_read_back_exactly(string dir)
    {
        if (!Directory.Exists(dir))
            return;
        var path = NewFile(dir, 8 << 20);
        using (var f = new BackingFile(path))
        {
            var before = Pattern(3 << 20, 1);
            f.Write(0, before); // dirty in the page cache, not synced
            var bulk = Pattern((1 << 20) + 8192, 2); // larger than one piece of the aligned buffer
            f.WriteBulk(1 << 20, bulk);
            var after = Pattern(4096, 3);
            f.Write(2 << 20, after); // a buffered write into the range just written past the cache
            f.Sync();

            var read = new byte[4 << 20];
            f.Read(0, read);
            Assert.Equal(before.AsSpan(0, 1 << 20).ToArray(), read[..(1 << 20)]);
            Assert.Equal(bulk.AsSpan(0, 1 << 20).ToArray(), read[(1 << 20)..(2 << 20)]);
            Assert.Equal(after, read[(2 << 20)..((2 << 20) + 4096)]);
            Assert.Equal(bulk.AsSpan((1 << 20) + 4096, 4096).ToArray(), read[((2 << 20) + 4096)..((2 << 20) + 8192)]);
            Assert.Equal(before.AsSpan((2 << 20) + 8192, (1 << 20) - 8192).ToArray(), read[((2 << 20) + 8192)..(3 << 20)]);
        }
        // And through another descriptor: what the kernel holds for the file, not this object's view.
        var whole = File.ReadAllBytes(path);
        Assert.Equal(Pattern((1 << 20) + 8192, 2).AsSpan(4096, 4096).ToArray(), whole[((1 << 20) + 4096)..((1 << 20) + 8192)]);
    }

    [Theory]
    [InlineData(512, 1 << 20)]
    [InlineData(0, (1 << 20) + 100)]
    [InlineData(4096 * 3 + 1, 65536)]
    public void Unaligned_bulk_writes_are_ordinary_writes(long offset, int length)
    {
        var path = NewFile(Path.GetTempPath(), 4 << 20);
        using var f = new BackingFile(path);
        var data = Pattern(length, 7);
        f.WriteBulk(offset, data);
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
