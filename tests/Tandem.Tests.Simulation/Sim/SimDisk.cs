namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// A disk with a volatile write cache: a completed write is visible to reads but durable only after a
/// flush that was issued after it completed (or a FUA write). A crash keeps a random subset of what
/// was not flushed, block by block, as a real disk cache may. It can also be told to fail.
/// </summary>
public sealed class SimDisk(long size, Random random)
{
    public const int Block = 4096;
    readonly byte[] _durable = new byte[size];
    readonly Dictionary<long, (byte[] Data, long Version)> _cache = [];
    readonly Dictionary<long, long> _durableVersion = [];
    long _version;

    public long Size { get; } = size;

    /// <summary>Every I/O fails while set (a dead disk).</summary>
    public bool Failing { get; set; }

    public byte[] Read(long offset, int length)
    {
        var buf = new byte[length];
        for (int done = 0; done < length;)
        {
            long block = (offset + done) / Block;
            int inBlock = (int)((offset + done) % Block);
            int n = Math.Min(Block - inBlock, length - done);
            if (_cache.TryGetValue(block, out var c))
                c.Data.AsSpan(inBlock, n).CopyTo(buf.AsSpan(done));
            else
                _durable.AsSpan((int)(block * Block + inBlock), n).CopyTo(buf.AsSpan(done));
            done += n;
        }
        return buf;
    }

    public void Write(long offset, ReadOnlySpan<byte> data, bool fua)
    {
        for (int done = 0; done < data.Length;)
        {
            long block = (offset + done) / Block;
            int inBlock = (int)((offset + done) % Block);
            int n = Math.Min(Block - inBlock, data.Length - done);
            var current = Read(block * Block, Block);
            data.Slice(done, n).CopyTo(current.AsSpan(inBlock));
            if (fua)
            {
                current.CopyTo(_durable.AsSpan((int)(block * Block)));
                _durableVersion[block] = ++_version;
                _cache.Remove(block);
            }
            else
            {
                _cache[block] = (current, ++_version);
            }
            done += n;
        }
    }

    public void Zero(long offset, int length, bool fua) => Write(offset, new byte[length], fua);

    /// <summary>What a flush issued now covers: the cache as it is.</summary>
    public Dictionary<long, (byte[] Data, long Version)> BeginFlush() => new(_cache);

    public void EndFlush(Dictionary<long, (byte[] Data, long Version)> covered)
    {
        foreach (var (block, c) in covered)
        {
            if (_durableVersion.GetValueOrDefault(block) > c.Version)
                continue; // a FUA write after this one already reached the platter
            c.Data.CopyTo(_durable.AsSpan((int)(block * Block)));
            _durableVersion[block] = c.Version;
            if (_cache.TryGetValue(block, out var now) && now.Version == c.Version)
                _cache.Remove(block);
        }
    }

    public void FlushAll() => EndFlush(BeginFlush());

    /// <summary>Power loss: each unflushed block independently made it to the platter or not.</summary>
    public void Crash()
    {
        foreach (var (block, c) in _cache)
            if (random.Next(2) == 0 && _durableVersion.GetValueOrDefault(block) < c.Version)
                c.Data.CopyTo(_durable.AsSpan((int)(block * Block)));
        _cache.Clear();
    }

    /// <summary>Silent corruption of one block (for verify), durable and cached copies alike.</summary>
    public void Corrupt(long block)
    {
        var data = Read(block * Block, Block);
        data[random.Next(Block)] ^= 0x5A;
        data.CopyTo(_durable.AsSpan((int)(block * Block)));
        _cache.Remove(block);
    }
}
