namespace Tandem.Metadata;

/// <summary>Why metadata on disk was not accepted.</summary>
public enum MetadataCorruption
{
    /// <summary>The magic is absent: there is no Tandem metadata where it should be.</summary>
    NoMetadata,

    /// <summary>The CRC32C does not match the contents (includes a damaged magic).</summary>
    ChecksumMismatch,

    /// <summary>A format version (or header size) this program does not understand.</summary>
    UnknownVersion,

    /// <summary>Bytes the format reserves are not zero.</summary>
    ReservedNotZero,

    /// <summary>The stored layout does not fit itself or the disk it was read from.</summary>
    LayoutInconsistent,
}

/// <summary>
/// Metadata read from disk failed validation. Nothing is ever repaired silently: the caller refuses
/// to attach and the message tells the operator how to recover.
/// </summary>
public sealed class MetadataCorruptException(MetadataCorruption reason, string message, string disk, long offset)
    : Exception(message)
{
    public MetadataCorruption Reason { get; } = reason;
    public string Disk { get; } = disk;
    public long Offset { get; } = offset;
}
