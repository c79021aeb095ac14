using System.Runtime.InteropServices;

namespace Tandem.Storage;

/// <summary>The few libc calls the data path needs that .NET does not expose.</summary>
static partial class Libc
{
    public const int FALLOC_FL_KEEP_SIZE = 0x01;
    public const int FALLOC_FL_PUNCH_HOLE = 0x02;
    public const int FALLOC_FL_ZERO_RANGE = 0x10;

    const int AT_FDCWD = -100;
    const uint STATX_TYPE = 0x1;
    const int S_IFMT = 0xF000, S_IFBLK = 0x6000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, Span<byte> buf);

    /// <summary>True when <paramref name="path"/> (after symlinks) is a block device. statx's layout is the same on every architecture.</summary>
    public static bool IsBlockDevice(string path)
    {
        Span<byte> buf = stackalloc byte[256];
        if (statx(AT_FDCWD, path, 0, STATX_TYPE, buf) != 0)
            return false;
        int mode = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(buf[28..]); // stx_mode
        return (mode & S_IFMT) == S_IFBLK;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fallocate(int fd, int mode, long offset, long len);

    const int O_RDWR = 0x2;
    const int O_CLOEXEC = 0x80000;

    /// <summary>O_DIRECT differs by architecture (asm-generic vs x86 and others).</summary>
    static int O_DIRECT => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open_(string path, int flags);

    /// <summary>Opens <paramref name="path"/> read-write with O_DIRECT; -1 (errno set) where the filesystem refuses it.</summary>
    public static int OpenDirect(string path) => open_(path, O_RDWR | O_CLOEXEC | O_DIRECT);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint pwrite(int fd, byte* buf, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);
}
