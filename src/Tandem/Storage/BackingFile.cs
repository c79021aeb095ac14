using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Tandem.Storage;

/// <summary>
/// The backing disk (block device or regular file) opened for positional I/O. Durability comes from
/// <see cref="Sync"/> (fdatasync), which every flush and FUA write goes through.
/// </summary>
public sealed partial class BackingFile : IDisposable
{
    readonly SafeFileHandle _handle;
    readonly int _fd;

    public BackingFile(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        _fd = (int)_handle.DangerousGetHandle();
        IsBlockDevice = Libc.IsBlockDevice(path);
    }

    public string Path { get; }
    public bool IsBlockDevice { get; }

    public void Read(long offset, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
            if (n == 0)
            {
                buffer[done..].Clear(); // a sparse file shorter than the device reads as zeroes
                return;
            }
            done += n;
        }
    }

    public void Sync()
    {
        if (Libc.fdatasync(_fd) != 0)
            throw new BlockIoException(Errno.EIO, $"fdatasync on {Path} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Deallocates a range of a regular file (keeps its size); advisory, so no-op on devices.</summary>
    public void Discard(long offset, long length)
    {
        if (!IsBlockDevice)
            Libc.fallocate(_fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, length);
    }

    public void WriteZeroes(long offset, long length)
    {
        if (!IsBlockDevice && Libc.fallocate(_fd, Libc.FALLOC_FL_ZERO_RANGE | Libc.FALLOC_FL_KEEP_SIZE, offset, length) == 0)
            return;
        var zero = new byte[(int)Math.Min(length, 1 << 20)];
        for (long done = 0; done < length; done += zero.Length)
            Write(offset + done, zero.AsSpan(0, (int)Math.Min(zero.Length, length - done)));
    }

    public void Dispose()
    {
        CloseDirect();
        _handle.Dispose();
    }
}
