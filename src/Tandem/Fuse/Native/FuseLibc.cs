using System.Runtime.InteropServices;

namespace Tandem.Fuse.Native;

/// <summary>The libc calls the FUSE transport needs: /dev/fuse I/O, mount(2), umount2(2), the clone ioctl.</summary>
static unsafe partial class FuseLibc
{
    public const int O_RDWR = 0x2, O_CLOEXEC = 0x80000, O_EXCL = 0x80, O_RDONLY = 0;
    public const ulong MS_NOSUID = 0x2, MS_NODEV = 0x4;
    public const int MNT_DETACH = 0x2;
    public const int EINTR = 4, ENOENT = 2, EAGAIN = 11, ENODEV = 19, EINVAL = 22, EBUSY = 16,
        ENOTCONN = 107, ECONNABORTED = 103, EPERM = 1;

    /// <summary>FUSE_DEV_IOC_CLONE = _IOR(229, 0, uint32_t).</summary>
    public const uint FUSE_DEV_IOC_CLONE = 0x8004E500;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buf, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buf, nuint count);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, uint* arg);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fstype, ulong flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatFs(string path, byte* buf);

    /// <summary>
    /// statfs(2) on a path: 0 or errno. On FUSE it always reaches the server (attributes may be cached,
    /// STATFS is not), so a dead server shows as ENOTCONN.
    /// </summary>
    public static int Probe(string path)
    {
        byte* buf = stackalloc byte[256]; // struct statfs is 120 bytes on 64-bit Linux
        return StatFs(path, buf) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_NO_AUTOMOUNT = 0x800, AT_STATX_DONT_SYNC = 0x4000;
    const uint STATX_MNT_ID = 0x1000, STATX_MNT_ID_UNIQUE = 0x4000;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buf);

    /// <summary>
    /// The id of the mount a path is on (statx stx_mnt_id; the never-reused 64-bit id where the kernel has
    /// it), without sending anything to a FUSE server (AT_STATX_DONT_SYNC). Null when it cannot be read.
    /// </summary>
    public static ulong? MountId(string path)
    {
        byte* buf = stackalloc byte[256]; // struct statx
        if (Statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC, STATX_MNT_ID | STATX_MNT_ID_UNIQUE, buf) != 0)
            return null;
        uint mask = *(uint*)buf;
        return (mask & (STATX_MNT_ID | STATX_MNT_ID_UNIQUE)) != 0 ? *(ulong*)(buf + 0x90) : null; // stx_mnt_id
    }

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint p);

    /// <summary>realpath(3): the canonical absolute path (symlinks resolved), or the input when it cannot be resolved.</summary>
    public static string Canonical(string path)
    {
        nint p = RealPath(path, 0);
        if (p == 0)
            return path;
        try
        {
            return Marshal.PtrToStringUTF8(p) ?? path;
        }
        finally
        {
            Free(p);
        }
    }

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
