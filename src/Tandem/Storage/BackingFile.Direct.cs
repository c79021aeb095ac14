using System.Runtime.InteropServices;

namespace Tandem.Storage;

// Block-aligned writes bypass the page cache the way a block device's own I/O does: through a second
// descriptor opened with O_DIRECT, straight from the caller's memory when it is 4 KiB-aligned (a FUSE request's
// data, a received packet's, a replicated write's copy: see FuseBuffer and AlignedArrays), else through an
// aligned buffer each thread keeps. The device above already has
// the kernel's page cache (and a database its own buffer pool): caching every block a second time for the
// backing file only costs memory and a copy. Buffered and direct I/O to one file stay coherent (the kernel
// writes back and drops cached pages of a range before a direct write to it), so unaligned writes and
// reads go the ordinary way. Durability still comes from Sync: a direct write can leave the disk's write
// cache or the file's block allocation unflushed.
public sealed partial class BackingFile
{
    /// <summary>Direct writes need the offset, the length and the buffer aligned to the logical block size; 4 KiB covers 512 and 4096.</summary>
    const int DirectAlignment = AlignedArrays.Alignment;

    /// <summary>The largest piece written from the aligned buffer at once.</summary>
    const int DirectChunk = 1 << 20;

    readonly Lock _directGate = new();
    int _directFd = -2; // -2: not tried yet; -1: the filesystem refuses O_DIRECT

    /// <summary>This thread's buffer, pinned (so an aligned window into it stays put); collected with the thread.</summary>
    [ThreadStatic]
    static byte[]? t_buffer;

    /// <summary>
    /// Writes past the page cache when the range is block-aligned and the backing disk allows it; anything
    /// else (unaligned, or a filesystem without O_DIRECT) is an ordinary buffered write.
    /// </summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (offset % DirectAlignment != 0 || data.Length % DirectAlignment != 0 || data.IsEmpty || DirectFd() is not (>= 0 and var fd))
        {
            RandomAccess.Write(_handle, data, offset);
            return;
        }
        WriteDirect(fd, offset, data);
    }

    /// <summary>Whether aligned writes go past the page cache (known after the first one).</summary>
    public bool WritesDirect => Volatile.Read(ref _directFd) >= 0;

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

    /// <summary>An aligned window of this thread's buffer, grown to hold <paramref name="length"/> bytes (at most one chunk).</summary>
    static Span<byte> Aligned(int length)
    {
        int want = Math.Min(DirectChunk, Math.Max(64 * 1024, length));
        if (t_buffer is null || t_buffer.Length < want + DirectAlignment)
            t_buffer = GC.AllocateUninitializedArray<byte>(want + DirectAlignment, pinned: true);
        return t_buffer.AsSpan(AlignedArrays.Skip(t_buffer, 0), t_buffer.Length - DirectAlignment);
    }

    unsafe void WriteDirect(int fd, long offset, ReadOnlySpan<byte> data)
    {
        fixed (byte* source = data)
        {
            if ((nint)source % DirectAlignment == 0)
            {
                // Already aligned (a FUSE request's data, a received packet's, a pooled copy): written as it is.
                WritePiece(fd, source, offset, data);
                return;
            }
        }
        var aligned = Aligned(data.Length);
        fixed (byte* buffer = aligned)
        {
            for (int done = 0; done < data.Length; done += aligned.Length)
            {
                var piece = data.Slice(done, Math.Min(aligned.Length, data.Length - done));
                piece.CopyTo(aligned);
                WritePiece(fd, buffer, offset + done, piece);
            }
        }
    }

    /// <summary>One direct write of <paramref name="piece"/>, whose bytes are at the aligned <paramref name="from"/>.</summary>
    unsafe void WritePiece(int fd, byte* from, long at, ReadOnlySpan<byte> piece)
    {
        nint r;
        while ((r = Libc.pwrite(fd, from, (nuint)piece.Length, at)) < 0 && Marshal.GetLastPInvokeError() == 4) // EINTR
        {
        }
        if (r < 0)
            throw new BlockIoException(Errno.EIO, $"write of {piece.Length} bytes at {at} on {Path} failed: errno {Marshal.GetLastPInvokeError()}");
        if (r < piece.Length) // short (the end of a device?): the rest, no longer aligned, the ordinary way
            RandomAccess.Write(_handle, piece[(int)r..], at + r);
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
