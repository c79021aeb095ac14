using System.Runtime.InteropServices;

namespace Tandem.Metadata;

/// <summary>libc calls metadata needs that .NET does not expose: open without .NET's own flock, OFD locks, BLKGETSIZE64.</summary>
static unsafe partial class LinuxNative
{
    public const int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
    public const int EAGAIN = 11, EACCES = 13, ENOENT = 2, EBUSY = 16;
    const int F_OFD_SETLK = 37;
    const short F_WRLCK = 1;

    /// <summary>_IOR(0x12, 114, size_t): size of a block device in bytes.</summary>
    public const ulong BLKGETSIZE64 = 0x80081272;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, out ulong value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int cmd, void* arg);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr strerror(int errnum);

    public static int LastErrno => Marshal.GetLastPInvokeError();

    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? $"errno {errno}";

    /// <summary>
    /// Takes an exclusive open-file-description lock on the whole file (F_OFD_SETLK, F_WRLCK); 0 or the errno
    /// (EAGAIN when another descriptor holds it, in this process or another). The lock dies with the descriptor.
    /// struct flock on 64-bit Linux: short l_type; short l_whence; off_t l_start @8; off_t l_len @16; pid_t l_pid @24.
    /// </summary>
    public static int TryLockExclusive(int fd)
    {
        byte* fl = stackalloc byte[32];
        new Span<byte>(fl, 32).Clear();
        *(short*)fl = F_WRLCK;
        return fcntl(fd, F_OFD_SETLK, fl) == 0 ? 0 : LastErrno;
    }
}
