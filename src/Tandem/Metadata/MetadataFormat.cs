namespace Tandem.Metadata;

/// <summary>
/// Fixed numbers of the on-disk metadata format (version 1). Every region is 4 KiB aligned.
/// <code>
/// internal: [ data | (slack &lt; 4 KiB·k) | activity log | bitmap | superblock copy 0 | superblock copy 1 ]  ← end of disk
/// external: [ superblock copy 0 | superblock copy 1 | activity log | bitmap ]  in the meta file; data = whole backing disk
/// </code>
/// </summary>
public static class MetadataFormat
{
    /// <summary>"TANDEMMD" as ASCII; first 8 bytes of each superblock copy.</summary>
    public static ReadOnlySpan<byte> Magic => "TANDEMMD"u8;

    public const uint Version = 1;

    /// <summary>Granularity of alignment, of the dirty bitmap (1 bit per block, as DRBD) and of the data size.</summary>
    public const int BlockSize = 4096;

    /// <summary>Size of one superblock copy.</summary>
    public const int SuperblockSize = 4096;

    /// <summary>Two alternating copies; see <see cref="MetadataHandle"/> for how the newest valid one is picked.</summary>
    public const int SuperblockCopies = 2;

    public const int SuperblockAreaSize = SuperblockSize * SuperblockCopies;

    /// <summary>Bytes of data covered by one activity-log extent (DRBD: 4 MiB).</summary>
    public const int AlExtentSize = 4 << 20;

    /// <summary>Number of 4 KiB transaction slots in the activity-log ring.</summary>
    public const int AlRingSlots = 16;

    public const int AlSize = AlRingSlots * BlockSize;

    /// <summary>Data bytes covered by one 4 KiB page of bitmap: 32768 bits × 4 KiB = 128 MiB.</summary>
    public const long DataPerBitmapPage = (long)BlockSize * 8 * BlockSize;

    /// <summary>Smallest data region create-md accepts.</summary>
    public const long MinDataSize = 1 << 20;

    /// <summary>Bitmap bytes on disk for a data region: ⌈blocks/8⌉ rounded up to 4 KiB.</summary>
    public static long BitmapBytesFor(long dataSize)
    {
        long blocks = (dataSize + BlockSize - 1) / BlockSize;
        long bytes = (blocks + 7) / 8;
        return AlignUp(bytes);
    }

    public static long AlignUp(long value) => (value + BlockSize - 1) & ~(long)(BlockSize - 1);

    public static long AlignDown(long value) => value & ~(long)(BlockSize - 1);
}
