using Microsoft.Win32.SafeHandles;

namespace Tandem.Metadata;

/// <summary>
/// A block device or regular file opened for metadata I/O. Opened with open(2) directly rather than
/// through <see cref="File.OpenHandle"/>, because .NET takes flock(LOCK_SH) on files it opens; Tandem's
/// own "in use" lock is an OFD lock (<see cref="TryLockExclusive"/>), which does not collide with the
/// volume opening the same disk for data.
/// </summary>
public sealed class MetadataDevice : IMetadataIo, IDisposable
{
    readonly SafeFileHandle _handle;
    readonly int _fd;
    SafeFileHandle? _claim;

    MetadataDevice(string path, SafeFileHandle handle, bool writable)
    {
        Path = path;
        _handle = handle;
        _fd = (int)handle.DangerousGetHandle();
        int fd = _fd;
        Writable = writable;
        if (LinuxNative.ioctl(fd, LinuxNative.BLKGETSIZE64, out ulong size) == 0)
        {
            IsBlockDevice = true;
            Size = (long)size;
        }
        else
            Size = RandomAccess.GetLength(handle);
    }

    public string Path { get; }
    public bool IsBlockDevice { get; }
    public bool Writable { get; }

    /// <summary>Size in bytes, read once at open (BLKGETSIZE64 for a block device, st_size for a file).</summary>
    public long Size { get; private set; }

    /// <summary>Opens an existing device or file; with <paramref name="create"/> a missing regular file is created (mode 0600).</summary>
    public static MetadataDevice Open(string path, bool writable, bool create = false)
    {
        int flags = (writable ? LinuxNative.O_RDWR : LinuxNative.O_RDONLY) | LinuxNative.O_CLOEXEC | (create ? LinuxNative.O_CREAT : 0);
        return new MetadataDevice(path, OpenFd(path, flags), writable);
    }

    /// <summary>
    /// For a block device, claims it with an extra O_EXCL descriptor held until dispose: this fails while
    /// it is mounted or held by the kernel (LVM, md, a loop device, another exclusive opener), and keeps
    /// it from being mounted meanwhile. Plain opens (the volume's data path) are not affected. No-op for files.
    /// </summary>
    public void ClaimBlockDevice()
    {
        if (IsBlockDevice && _claim is null)
            _claim = OpenFd(Path, LinuxNative.O_RDONLY | LinuxNative.O_CLOEXEC | LinuxNative.O_EXCL);
    }

    static SafeFileHandle OpenFd(string path, int flags)
    {
        int fd = LinuxNative.open(path, flags, 0x180);
        if (fd >= 0)
            return new SafeFileHandle(fd, ownsHandle: true);
        int errno = LinuxNative.LastErrno;
        if (errno == LinuxNative.EBUSY && (flags & LinuxNative.O_EXCL) != 0)
            throw new MetadataInUseException(
                $"{path} is in use by the system (mounted, or held by LVM, md, a loop device or another program): unmount or release it first");
        string what = errno == LinuxNative.ENOENT ? "does not exist" : LinuxNative.ErrorText(errno);
        throw new MetadataRefusedException($"cannot open {path}: {what}");
    }

    /// <summary>Takes the exclusive in-use lock; false when another open description holds it.</summary>
    public bool TryLockExclusive()
    {
        int errno = LinuxNative.TryLockExclusive(_fd);
        if (errno == 0)
            return true;
        if (errno is LinuxNative.EAGAIN or LinuxNative.EACCES)
            return false;
        throw new IOException($"locking {Path} failed: {LinuxNative.ErrorText(errno)}");
    }

    /// <summary>Grows a regular file to <paramref name="size"/> bytes (sparse); refused for block devices.</summary>
    public void ExtendTo(long size)
    {
        if (IsBlockDevice)
            throw new InvalidOperationException("a block device cannot be extended");
        if (size > Size)
        {
            RandomAccess.SetLength(_handle, size);
            Size = size;
        }
    }

    public void Read(long offset, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
            if (n == 0)
            {
                buffer[done..].Clear();
                return;
            }
            done += n;
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

    public void Sync()
    {
        if (Storage.Libc.fdatasync(_fd) != 0)
            throw new IOException($"fdatasync on {Path} failed: {LinuxNative.ErrorText(LinuxNative.LastErrno)}");
    }

    /// <summary>Writes zeroes over a range in 1 MiB pieces (not synced).</summary>
    public void Zero(long offset, long length)
    {
        var zero = new byte[(int)Math.Min(length, 1 << 20)];
        for (long done = 0; done < length; done += zero.Length)
            Write(offset + done, zero.AsSpan(0, (int)Math.Min(zero.Length, length - done)));
    }

    public void Dispose()
    {
        _claim?.Dispose();
        _handle.Dispose();
    }
}
