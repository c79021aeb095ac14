namespace Tandem.Metadata;

/// <summary>
/// Where each metadata region lives, in bytes. All offsets are on the metadata device (the backing
/// disk itself when <see cref="Kind"/> is internal). See <see cref="MetadataFormat"/> for the picture.
/// </summary>
/// <param name="BackingSize">Size of the backing disk the layout was computed for, rounded down to 4 KiB.</param>
/// <param name="MetaDeviceSize">Size of the device holding the metadata, rounded down to 4 KiB (equals BackingSize when internal).</param>
/// <param name="DataSize">Bytes of the data region, starting at offset 0 of the backing disk; a multiple of 4 KiB.</param>
/// <param name="SuperblockOffset">Offset of superblock copy 0; copy 1 follows it.</param>
public sealed record MetadataLayout(
    MetaKind Kind,
    long BackingSize,
    long MetaDeviceSize,
    long DataSize,
    long SuperblockOffset,
    long AlOffset,
    long AlSize,
    long BitmapOffset,
    long BitmapSize)
{
    /// <summary>Bytes of metadata proper (activity log + bitmap + superblocks).</summary>
    public long MetadataBytes => AlSize + BitmapSize + MetadataFormat.SuperblockAreaSize;

    /// <summary>Internal: first byte after the data region that metadata (or slack before it) occupies.</summary>
    public long MetadataStart => Kind == MetaKind.Internal ? AlOffset : 0;

    public long SuperblockCopyOffset(int copy) => SuperblockOffset + (long)copy * MetadataFormat.SuperblockSize;

    /// <summary>
    /// Internal metadata at the end of a backing disk of <paramref name="backingSize"/> bytes: the largest
    /// 4 KiB-multiple data size D with D + AL + bitmap(D) + superblocks ≤ the aligned disk size. The
    /// bitmap needs one 4 KiB page per 128 MiB of data, so with P pages D = min(P·128 MiB, avail − 4 KiB·P);
    /// the optimum is at P = ⌊avail / (128 MiB + 4 KiB)⌋ or one more.
    /// </summary>
    public static MetadataLayout ForInternal(long backingSize, string disk = "the backing disk")
    {
        long aligned = MetadataFormat.AlignDown(Math.Max(0, backingSize));
        long avail = aligned - MetadataFormat.AlSize - MetadataFormat.SuperblockAreaSize;
        long data = -1;
        if (avail > 0)
        {
            long p0 = avail / (MetadataFormat.DataPerBitmapPage + MetadataFormat.BlockSize);
            for (long p = Math.Max(1, p0); p <= p0 + 1; p++)
                data = Math.Max(data, Math.Min(p * MetadataFormat.DataPerBitmapPage, avail - p * MetadataFormat.BlockSize));
        }
        long fixedBytes = MetadataFormat.AlSize + MetadataFormat.SuperblockAreaSize + MetadataFormat.BlockSize;
        if (data < MetadataFormat.MinDataSize)
            throw new MetadataRefusedException(
                $"{disk} is too small for a Tandem volume: it has {SizeText.Format(backingSize)}, internal metadata needs at least " +
                $"{SizeText.Format(fixedBytes)} at its end and the data area at least {SizeText.Format(MetadataFormat.MinDataSize)}; " +
                $"use a disk of at least {SizeText.Format(fixedBytes + MetadataFormat.MinDataSize)}");
        long bitmap = MetadataFormat.BitmapBytesFor(data);
        long sb = aligned - MetadataFormat.SuperblockAreaSize;
        long bm = sb - bitmap;
        long al = bm - MetadataFormat.AlSize;
        return new MetadataLayout(MetaKind.Internal, aligned, aligned, data, sb, al, MetadataFormat.AlSize, bm, bitmap);
    }

    /// <summary>Bytes an external metadata file needs for a backing disk of <paramref name="backingSize"/> bytes.</summary>
    public static long ExternalMetaSizeFor(long backingSize) =>
        MetadataFormat.SuperblockAreaSize + MetadataFormat.AlSize + MetadataFormat.BitmapBytesFor(MetadataFormat.AlignDown(backingSize));

    /// <summary>External metadata: superblocks at 0, then the activity log, then the bitmap; data = the whole (4 KiB-aligned) backing disk.</summary>
    public static MetadataLayout ForExternal(long backingSize, long metaSize, string disk = "the backing disk", string metaDisk = "the meta disk")
    {
        long data = MetadataFormat.AlignDown(Math.Max(0, backingSize));
        if (data < MetadataFormat.MinDataSize)
            throw new MetadataRefusedException(
                $"{disk} is too small for a Tandem volume: it has {SizeText.Format(backingSize)}, the data area needs at least {SizeText.Format(MetadataFormat.MinDataSize)}");
        long need = ExternalMetaSizeFor(backingSize);
        long metaAligned = MetadataFormat.AlignDown(Math.Max(0, metaSize));
        if (metaAligned < need)
            throw new MetadataRefusedException(
                $"{metaDisk} is too small for the metadata of {disk}: it has {SizeText.Format(metaSize)}, needs {SizeText.Format(need)} ({need} bytes)");
        long bitmap = MetadataFormat.BitmapBytesFor(data);
        long al = MetadataFormat.SuperblockAreaSize;
        return new MetadataLayout(MetaKind.External, data, metaAligned, data, 0, al, MetadataFormat.AlSize, al + MetadataFormat.AlSize, bitmap);
    }

    /// <summary>Null when the layout is self-consistent, otherwise what is wrong (used to refuse stored layouts).</summary>
    public string? Inconsistency()
    {
        const long bs = MetadataFormat.BlockSize;
        if (Kind is not (MetaKind.Internal or MetaKind.External))
            return $"unknown metadata kind {(int)Kind}";
        foreach (var (name, v) in new[] { ("backing size", BackingSize), ("meta device size", MetaDeviceSize), ("data size", DataSize),
                     ("superblock offset", SuperblockOffset), ("activity log offset", AlOffset), ("activity log size", AlSize),
                     ("bitmap offset", BitmapOffset), ("bitmap size", BitmapSize) })
            if (v < 0 || v % bs != 0)
                return $"{name} {v} is not a non-negative multiple of {bs}";
        if (DataSize < MetadataFormat.MinDataSize || DataSize > BackingSize)
            return $"data size {DataSize} outside 1 MiB..backing size {BackingSize}";
        if (AlSize != MetadataFormat.AlSize)
            return $"activity log size {AlSize}, expected {MetadataFormat.AlSize}";
        if (BitmapSize != MetadataFormat.BitmapBytesFor(DataSize))
            return $"bitmap size {BitmapSize} does not cover data size {DataSize} exactly";
        if (Kind == MetaKind.Internal && MetaDeviceSize != BackingSize)
            return "internal metadata on a meta device of another size than the backing disk";
        if (SuperblockOffset + MetadataFormat.SuperblockAreaSize > MetaDeviceSize || AlOffset + AlSize > MetaDeviceSize || BitmapOffset + BitmapSize > MetaDeviceSize)
            return $"a region ends beyond the meta device ({MetaDeviceSize} bytes)";
        var expected = Kind == MetaKind.Internal ? ForInternalUnchecked(BackingSize) : ForExternalUnchecked(BackingSize, MetaDeviceSize);
        if (expected != this)
            return $"regions differ from the format's layout for a {BackingSize}-byte disk";
        return null;
    }

    static MetadataLayout? ForInternalUnchecked(long size)
    {
        try { return ForInternal(size); }
        catch (MetadataRefusedException) { return null; }
    }

    static MetadataLayout? ForExternalUnchecked(long size, long metaSize)
    {
        try { return ForExternal(size, metaSize); }
        catch (MetadataRefusedException) { return null; }
    }
}
