using System.Buffers.Binary;
using System.Numerics;

namespace Tandem.Metadata;

public sealed partial class DirtyBitmap
{
    const int MaxPagesPerWrite = 256; // 1 MiB writes
    readonly SemaphoreSlim _flushLock = new(1, 1);
    IMetadataIo? _io;
    long _diskOffset;

    /// <summary>Where <see cref="FlushAsync"/> writes; set by <see cref="Load"/> or <see cref="AttachTo"/>.</summary>
    public void AttachTo(IMetadataIo io, long bitmapOffset)
    {
        _io = io;
        _diskOffset = bitmapOffset;
    }

    /// <summary>Reads the bitmap region of <paramref name="layout"/>; padding bits past the last block must be zero.</summary>
    public static DirtyBitmap Load(IMetadataIo io, MetadataLayout layout, string disk)
    {
        var bm = new DirtyBitmap(layout.DataSize);
        if (bm.ByteSize != layout.BitmapSize)
            throw new MetadataCorruptException(MetadataCorruption.LayoutInconsistent,
                $"bitmap at offset {layout.BitmapOffset} on {disk} is {layout.BitmapSize} bytes, expected {bm.ByteSize}", disk, layout.BitmapOffset);
        var buf = new byte[Math.Min(bm.ByteSize, MaxPagesPerWrite * MetadataFormat.BlockSize)];
        long count = 0;
        for (long pos = 0; pos < bm.ByteSize; pos += buf.Length)
        {
            int n = (int)Math.Min(buf.Length, bm.ByteSize - pos);
            io.Read(layout.BitmapOffset + pos, buf.AsSpan(0, n));
            for (int i = 0; i < n; i += sizeof(ulong))
            {
                ulong w = BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(i));
                bm._words[(pos + i) / sizeof(ulong)] = w;
                count += BitOperations.PopCount(w);
            }
        }
        bm._setBits = count;
        if (bm.CountPaddingBits() != 0)
            throw new MetadataCorruptException(MetadataCorruption.LayoutInconsistent,
                $"bitmap at offset {layout.BitmapOffset} on {disk} has bits set past the end of the data region: refusing to attach — nothing was changed",
                disk, layout.BitmapOffset);
        bm.AttachTo(io, layout.BitmapOffset);
        return bm;
    }

    /// <summary>
    /// Writes the 4 KiB pages changed since the last flush, then fdatasyncs. Returns the number of pages
    /// written. Flushes are serialized; a page changed during a flush is written again by the next one.
    /// On an I/O error the pages stay marked and the error propagates.
    /// </summary>
    public ValueTask<int> FlushAsync(CancellationToken ct = default) => FlushCoreAsync(ct);

    async ValueTask<int> FlushCoreAsync(CancellationToken ct)
    {
        var io = _io ?? throw new InvalidOperationException("bitmap is not attached to a disk");
        await _flushLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return FlushLocked(io);
        }
        finally
        {
            _flushLock.Release();
        }
    }

    int FlushLocked(IMetadataIo io)
    {
        int written = 0;
        byte[]? buf = null;
        for (int page = 0; page < _pageDirty.Length;)
        {
            if (Volatile.Read(ref _pageDirty[page]) == 0)
            {
                page++;
                continue;
            }
            int first = page, count = 0;
            buf ??= new byte[MaxPagesPerWrite * MetadataFormat.BlockSize];
            while (page < _pageDirty.Length && count < MaxPagesPerWrite && Interlocked.Exchange(ref _pageDirty[page], 0) == 1)
            {
                CopyPage(page, buf.AsSpan(count * MetadataFormat.BlockSize, MetadataFormat.BlockSize));
                page++;
                count++;
            }
            try
            {
                io.Write(_diskOffset + (long)first * MetadataFormat.BlockSize, buf.AsSpan(0, count * MetadataFormat.BlockSize));
            }
            catch
            {
                for (int p = first; p < first + count; p++)
                    Volatile.Write(ref _pageDirty[p], 1);
                throw;
            }
            written += count;
        }
        if (written > 0)
        {
            try { io.Sync(); }
            catch
            {
                for (int p = 0; p < _pageDirty.Length; p++)
                    Volatile.Write(ref _pageDirty[p], 1); // what was written may not be durable: write it all again
                throw;
            }
        }
        return written;
    }

    void CopyPage(int page, Span<byte> dest)
    {
        int w0 = page * WordsPerPage;
        for (int i = 0; i < WordsPerPage; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(dest[(i * sizeof(ulong))..], Volatile.Read(ref _words[w0 + i]));
    }

    long CountPaddingBits()
    {
        long n = 0;
        for (long w = BlockCount >> 6; w < _words.Length; w++)
        {
            ulong mask = w == BlockCount >> 6 ? ulong.MaxValue << (int)(BlockCount & 63) : ulong.MaxValue;
            n += BitOperations.PopCount(_words[w] & mask);
        }
        return n;
    }
}
