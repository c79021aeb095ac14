namespace Tandem.Metadata;

/// <summary>
/// Positional I/O on the device holding metadata. Synchronous on purpose: metadata writes are small
/// and must be durable before the caller goes on. Implementations: <see cref="MetadataDevice"/>
/// (a real file or block device); tests and the simulator may inject faulty ones.
/// </summary>
public interface IMetadataIo
{
    /// <summary>Size in bytes of the device or file.</summary>
    long Size { get; }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes; bytes beyond the end of a short file read as zero.</summary>
    void Read(long offset, Span<byte> buffer);

    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Makes every completed write durable (fdatasync).</summary>
    void Sync();
}
