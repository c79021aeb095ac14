using System.Numerics;

namespace Tandem.Metadata;

public sealed partial class DirtyBitmap
{
    /// <summary>
    /// Marks the blocks touched by [offset, offset+length) out of sync; a partly covered block counts
    /// as touched. Returns how many blocks were newly marked.
    /// </summary>
    public long SetRange(long offset, long length)
    {
        CheckRange(offset, length);
        if (length == 0)
            return 0;
        long first = offset >> BlockShift;
        long end = (offset + length + MetadataFormat.BlockSize - 1) >> BlockShift;
        return ChangeBlocks(first, end - first, set: true);
    }

    /// <summary>
    /// Marks in sync only the blocks entirely inside [offset, offset+length) (a partial write does not
    /// make a whole block equal on both sides). Returns how many blocks were newly cleared.
    /// </summary>
    public long ClearRange(long offset, long length)
    {
        CheckRange(offset, length);
        long first = (offset + MetadataFormat.BlockSize - 1) >> BlockShift;
        long end = (offset + length) >> BlockShift;
        return end > first ? ChangeBlocks(first, end - first, set: false) : 0;
    }

    /// <summary>True when any block touched by the range is out of sync.</summary>
    public bool AnyDirty(long offset, long length)
    {
        CheckRange(offset, length);
        if (length == 0)
            return false;
        long next = FindNextDirtyBlock(offset >> BlockShift);
        return next >= 0 && next < (offset + length + MetadataFormat.BlockSize - 1) >> BlockShift;
    }

    /// <summary>Byte offset of the first out-of-sync block at or after <paramref name="fromOffset"/>'s block, or -1.</summary>
    public long FindNextDirty(long fromOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        long block = FindNextDirtyBlock(fromOffset >> BlockShift);
        return block < 0 ? -1 : block << BlockShift;
    }

    /// <summary>
    /// The out-of-sync runs from <paramref name="fromOffset"/> on, in order, each at most
    /// <paramref name="maxRunLength"/> bytes (a multiple of 4 KiB). A live view: bits changing during
    /// enumeration may or may not be seen.
    /// </summary>
    public IEnumerable<DirtyRun> EnumerateDirtyRuns(long fromOffset = 0, long maxRunLength = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunLength, MetadataFormat.BlockSize);
        long maxBlocks = maxRunLength >> BlockShift;
        long block = fromOffset >> BlockShift;
        while ((block = FindNextDirtyBlock(block)) >= 0)
        {
            long end = FindNextCleanBlock(block);
            long stop = Math.Min(end, block + maxBlocks);
            yield return new DirtyRun(block << BlockShift, (stop - block) << BlockShift);
            block = stop;
        }
    }

    long FindNextDirtyBlock(long block)
    {
        if (block >= BlockCount)
            return -1;
        long w = block >> 6;
        ulong bits = Volatile.Read(ref _words[w]) & (ulong.MaxValue << (int)(block & 63));
        while (bits == 0)
        {
            if (++w >= _words.Length)
                return -1;
            bits = Volatile.Read(ref _words[w]);
        }
        long found = (w << 6) + BitOperations.TrailingZeroCount(bits);
        return found < BlockCount ? found : -1;
    }

    /// <summary>First in-sync block at or after <paramref name="block"/>, or BlockCount.</summary>
    long FindNextCleanBlock(long block)
    {
        if (block >= BlockCount)
            return BlockCount;
        long w = block >> 6;
        ulong bits = ~Volatile.Read(ref _words[w]) & (ulong.MaxValue << (int)(block & 63));
        while (bits == 0)
        {
            if (++w >= _words.Length)
                return BlockCount;
            bits = ~Volatile.Read(ref _words[w]);
        }
        return Math.Min((w << 6) + BitOperations.TrailingZeroCount(bits), BlockCount);
    }

    void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > DataSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{length} outside the data region of {DataSize} bytes");
    }
}
