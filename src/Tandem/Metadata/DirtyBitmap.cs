using System.Numerics;

namespace Tandem.Metadata;

/// <summary>
/// The out-of-sync bitmap: 1 bit per 4 KiB block of the data region (DRBD's granularity); bit i is bit
/// (i mod 64) of little-endian 64-bit word i/64 on disk. Thread-safe: bits change with interlocked
/// operations, the set-bit total is kept with them, and each 4 KiB bitmap page whose bits changed is
/// marked for the next <see cref="FlushAsync"/>. Bits past the last block stay zero.
/// </summary>
public sealed partial class DirtyBitmap
{
    const int WordsPerPage = MetadataFormat.BlockSize / sizeof(ulong);
    const int BlockShift = 12;
    readonly ulong[] _words;
    readonly int[] _pageDirty;
    long _setBits;

    public DirtyBitmap(long dataSize)
    {
        if (dataSize < 0 || dataSize % MetadataFormat.BlockSize != 0)
            throw new ArgumentOutOfRangeException(nameof(dataSize), dataSize, "data size must be a non-negative multiple of 4096");
        DataSize = dataSize;
        BlockCount = dataSize >> BlockShift;
        long pages = MetadataFormat.BitmapBytesFor(dataSize) / MetadataFormat.BlockSize;
        if (pages * WordsPerPage > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(dataSize), dataSize, "data size too large for an in-memory bitmap");
        _words = new ulong[pages * WordsPerPage];
        _pageDirty = new int[pages];
    }

    public long DataSize { get; }
    public long BlockCount { get; }

    /// <summary>Size of the bitmap on disk (whole 4 KiB pages).</summary>
    public long ByteSize => (long)_words.Length * sizeof(ulong);

    /// <summary>Number of out-of-sync blocks (a cached total, O(1)).</summary>
    public long DirtyBlocks => Volatile.Read(ref _setBits);

    public long DirtyBytes => DirtyBlocks << BlockShift;

    /// <summary>Pages changed since the last flush.</summary>
    public int DirtyPageCount
    {
        get
        {
            int n = 0;
            foreach (int d in _pageDirty)
                n += d;
            return n;
        }
    }

    public bool IsBlockDirty(long block)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, BlockCount);
        return (Volatile.Read(ref _words[block >> 6]) & (1UL << (int)(block & 63))) != 0;
    }

    /// <summary>Marks every block as out of sync (before a full sync). Returns how many blocks changed.</summary>
    public long SetAll() => BlockCount == 0 ? 0 : ChangeBlocks(0, BlockCount, set: true);

    /// <summary>Marks every block in sync. Returns how many blocks changed.</summary>
    public long ClearAll() => BlockCount == 0 ? 0 : ChangeBlocks(0, BlockCount, set: false);

    /// <summary>Recounts the set bits from the words; the cached total must always equal it.</summary>
    public long CountSlow()
    {
        long n = 0;
        for (int i = 0; i < _words.Length; i++)
            n += BitOperations.PopCount(Volatile.Read(ref _words[i]));
        return n;
    }

    /// <summary>Sets (or clears) blocks [first, first+count); returns how many bits actually changed.</summary>
    long ChangeBlocks(long first, long count, bool set)
    {
        long changed = 0;
        long last = first + count - 1;
        long w0 = first >> 6, w1 = last >> 6;
        for (long w = w0; w <= w1; w++)
        {
            int lo = w == w0 ? (int)(first & 63) : 0;
            int hi = w == w1 ? (int)(last & 63) : 63;
            ulong mask = hi - lo == 63 ? ulong.MaxValue : ((1UL << (hi - lo + 1)) - 1) << lo;
            ref ulong word = ref _words[w];
            ulong old = set ? Interlocked.Or(ref word, mask) : Interlocked.And(ref word, ~mask);
            int delta = BitOperations.PopCount(set ? mask & ~old : mask & old);
            if (delta != 0)
            {
                changed += delta;
                int page = (int)(w / WordsPerPage);
                if (Volatile.Read(ref _pageDirty[page]) == 0)
                    Volatile.Write(ref _pageDirty[page], 1);
            }
        }
        if (changed != 0)
            Interlocked.Add(ref _setBits, set ? changed : -changed);
        return changed;
    }
}
