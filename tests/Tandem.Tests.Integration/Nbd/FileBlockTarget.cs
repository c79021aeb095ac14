using Microsoft.Win32.SafeHandles;
using Tandem.Storage;

namespace Tandem.Tests.Integration.Nbd;

/// <summary>A block target on a regular file, with a switch that refuses writes the way a Secondary does.</summary>
internal sealed class FileBlockTarget : IBlockTarget, IDisposable
{
    private static readonly byte[] Zeroes = new byte[1 << 20];
    private readonly SafeFileHandle _handle;

    public FileBlockTarget(string path, long size)
    {
        _handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, FileOptions.Asynchronous);
        RandomAccess.SetLength(_handle, size);
        SizeBytes = size;
    }

    public long SizeBytes { get; }

    /// <summary>Non-zero: writes, trims and zeroing throw <see cref="BlockIoException"/> with this errno.</summary>
    public int RefuseWritesErrno { get; set; }

    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Check(offset, buffer.Length);
        while (!buffer.IsEmpty)
        {
            int n = await RandomAccess.ReadAsync(_handle, buffer, offset, ct);
            if (n == 0)
            {
                buffer.Span.Clear();
                return;
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        Refuse();
        Check(offset, data.Length);
        return WriteCoreAsync(offset, data, fua, ct);
    }

    public ValueTask FlushAsync(CancellationToken ct)
    {
        RandomAccess.FlushToDisk(_handle);
        return ValueTask.CompletedTask;
    }

    public ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        Refuse();
        Check(offset, length);
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        Refuse();
        Check(offset, length);
        for (long done = 0; done < length;)
        {
            int n = (int)Math.Min(Zeroes.Length, length - done);
            await RandomAccess.WriteAsync(_handle, Zeroes.AsMemory(0, n), offset + done, ct);
            done += n;
        }

        if (fua)
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

    public void Dispose() => _handle.Dispose();

    private async ValueTask WriteCoreAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        await RandomAccess.WriteAsync(_handle, data, offset, ct);
        if (fua)
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

    private void Refuse()
    {
        if (RefuseWritesErrno != 0)
        {
            throw new BlockIoException(RefuseWritesErrno, "volume is Secondary");
        }
    }

    private void Check(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > SizeBytes)
        {
            throw new BlockIoException(Errno.EINVAL, "out of range");
        }
    }
}
