using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Tandem.Heartbeat;

/// <summary>Owner and mode of an open file via statx(2), whose struct layout is the same on every architecture.</summary>
static unsafe partial class FileOwnership
{
    const int AT_EMPTY_PATH = 0x1000;
    const uint STATX_TYPE = 0x1, STATX_MODE = 0x2, STATX_UID = 0x8;
    const int S_IFMT = 0xF000, S_IFREG = 0x8000;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    /// <summary>(owner uid, permission bits, is a regular file) of <paramref name="file"/>.</summary>
    public static (uint Uid, int Mode, bool Regular) Of(SafeFileHandle file)
    {
        // struct statx: u32 mask @0, u32 blksize @4, u64 attributes @8, u32 nlink @16, u32 uid @20, u32 gid @24, u16 mode @28; 256 bytes.
        byte* buf = stackalloc byte[256];
        new Span<byte>(buf, 256).Clear();
        if (statx((int)file.DangerousGetHandle(), "", AT_EMPTY_PATH, STATX_TYPE | STATX_MODE | STATX_UID, buf) != 0)
            throw new IOException($"statx failed: errno {Marshal.GetLastPInvokeError()}");
        var mode = *(ushort*)(buf + 28);
        return (*(uint*)(buf + 20), mode & 0xFFF, (mode & S_IFMT) == S_IFREG);
    }
}
