using Microsoft.Extensions.Logging;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// The volume's data region as the front ends see it: I/O only while Primary (a Secondary refuses
/// reads too, as DRBD does), ranges checked against the size, every write recorded in the activity
/// log before it reaches the disk, and a disk error reported once and turned into EIO.
/// </summary>
public sealed class VolumeBlockTarget(
    string volume,
    BackingFile disk,
    long sizeBytes,
    Func<long, long, CancellationToken, ValueTask> beforeWrite,
    Action<long, Exception> onDiskError,
    ILogger log) : IBlockTarget
{
    volatile bool _primary;

    public long SizeBytes => sizeBytes;

    /// <summary>Set by the volume when its role changes; the only gate on I/O.</summary>
    public bool Primary { get => _primary; set => _primary = value; }

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Check(offset, buffer.Length, Errno.EINVAL);
        return Disk(offset, () => disk.Read(offset, buffer.Span));
    }

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        Check(offset, data.Length, Errno.ENOSPC);
        await beforeWrite(offset, data.Length, ct);
        await Disk(offset, () =>
        {
            disk.Write(offset, data.Span);
            if (fua)
                disk.Sync();
        });
    }

    public ValueTask FlushAsync(CancellationToken ct)
    {
        Check(0, 0, Errno.EINVAL);
        return Disk(0, disk.Sync);
    }

    public async ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        Check(offset, length, Errno.EINVAL);
        await beforeWrite(offset, length, ct);
        await Disk(offset, () => disk.Discard(offset, length));
    }

    public async ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        Check(offset, length, Errno.ENOSPC);
        await beforeWrite(offset, length, ct);
        await Disk(offset, () =>
        {
            disk.WriteZeroes(offset, length);
            if (fua)
                disk.Sync();
        });
    }

    void Check(long offset, long length, int outOfRange)
    {
        if (!_primary)
            throw new BlockIoException(Errno.EPERM, $"{volume} is not Primary");
        if (offset < 0 || length < 0 || offset > sizeBytes - length)
            throw new BlockIoException(outOfRange, $"{volume}: range {offset}+{length} is beyond the size {sizeBytes}");
    }

    ValueTask Disk(long offset, Action io)
    {
        try
        {
            io();
            return ValueTask.CompletedTask;
        }
        catch (Exception e) when (e is IOException and not BlockIoException || e is UnauthorizedAccessException)
        {
            log.DiskError(volume, offset, e.Message);
            onDiskError(offset, e);
            return ValueTask.FromException(new BlockIoException(Errno.EIO, $"{volume}: backing disk error: {e.Message}"));
        }
        catch (BlockIoException e)
        {
            log.DiskError(volume, offset, e.Message);
            onDiskError(offset, e);
            throw;
        }
    }
}
