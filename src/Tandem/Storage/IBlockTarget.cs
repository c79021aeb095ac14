namespace Tandem.Storage;

/// <summary>
/// A byte-addressed block store: what a front end (NBD server, FUSE file) serves.
/// Implementations throw <see cref="BlockIoException"/> with a Linux errno to refuse a request
/// (EPERM while Secondary, EIO on a failed disk, EINVAL/ENOSPC out of range).
/// Requests may arrive concurrently from many callers.
/// </summary>
public interface IBlockTarget
{
    /// <summary>Size of the data region in bytes.</summary>
    long SizeBytes { get; }

    ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct);

    /// <summary>Writes data; with <paramref name="fua"/> it returns only once the data is durable.</summary>
    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct);

    /// <summary>Returns once every write completed before the call is durable.</summary>
    ValueTask FlushAsync(CancellationToken ct);

    /// <summary>The range's contents become unspecified (may be discarded).</summary>
    ValueTask TrimAsync(long offset, long length, CancellationToken ct);

    /// <summary>The range reads back as zeroes afterwards.</summary>
    ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct);
}
