using System.Runtime.InteropServices;

namespace Tandem.Storage;

// Bulk writes (a resync's chunks) bypass the page cache the way a block device's own I/O does: through a
// second descriptor opened with O_DIRECT, from an aligned buffer each thread keeps. Buffered and direct I/O to
// one file stay coherent (the kernel writes back and drops cached pages of a range before a direct write to
// it). Durability still comes from Sync: a direct write can leave the file's block allocation unflushed.
public sealed partial class BackingFile
{
    /// <summary>Direct writes need the offset, the length and the buffer aligned to the logical block size; 4 KiB covers 512 and 4096.</summary>
    const int DirectAlignment = 4096;

    /// <summary>The largest piece written from the aligned buffer at once.</summary>
    const int DirectChunk = 1 << 20;

    readonly Lock _directGate = new();
    int _directFd = -2; // -2: not tried yet; -1: the filesystem refuses O_DIRECT

    [ThreadStatic]
    static unsafe byte* t_aligned;

    /// <summary>
    /// Writes a large block-aligned range without going through the page cache, where the backing disk allows
    /// it; anything else (unaligned, or a filesystem without O_DIRECT such as some tmpfs) is an ordinary write.
    /// </summary>
    public void WriteBulk(long offset, ReadOnlySpan<byte> data)
    {
        if (offset % DirectAlignment != 0 || data.Length % DirectAlignment != 0 || DirectFd() is not (>= 0 and var fd))
        {
            Write(offset, data);
            return;
        }
        WriteDirect(fd, offset, data);
    }

    int DirectFd()
    {
        int fd = Volatile.Read(ref _directFd);
        if (fd != -2)
            return fd;
        lock (_directGate)
        {
            if (_directFd == -2)
                _directFd = Libc.OpenDirect(Path) is >= 0 and var opened ? opened : -1;
            return _directFd;
        }
    }

    unsafe void WriteDirect(int fd, long offset, ReadOnlySpan<byte> data)
    {
        if (t_aligned == null)
            t_aligned = (byte*)NativeMemory.AlignedAlloc(DirectChunk, DirectAlignment);
        var aligned = new Span<byte>(t_aligned, DirectChunk);
        int done = 0;
        while (done < data.Length)
        {
            int n = Math.Min(DirectChunk, data.Length - done);
            data.Slice(done, n).CopyTo(aligned);
            long at = offset + done;
            nint r;
            while ((r = Libc.pwrite(fd, t_aligned, (nuint)n, at)) < 0 && Marshal.GetLastPInvokeError() == 4) // EINTR
            {
            }
            if (r < 0)
                throw new BlockIoException(Errno.EIO, $"write of {n} bytes at {at} on {Path} failed: errno {Marshal.GetLastPInvokeError()}");
            if (r < n) // short (the end of a device?): the rest, no longer aligned, the ordinary way
                Write(at + r, data.Slice(done + (int)r, n - (int)r));
            done += n;
        }
    }

    void CloseDirect()
    {
        lock (_directGate)
        {
            if (_directFd >= 0)
                Libc.close(_directFd);
            _directFd = -1;
        }
    }
}
