using System.Runtime.InteropServices;
using Tandem.Fuse.Native;

namespace Tandem.Fuse;

/// <summary>
/// Descriptors on /dev/fuse: the one given to mount(2) and clones of it (FUSE_DEV_IOC_CLONE), one per
/// reader thread, so readers do not contend on one processing queue. A reply goes to the descriptor its
/// request came from. Every descriptor is close-on-exec: a child process (losetup) must never hold one.
/// </summary>
sealed unsafe class FuseDevice : IDisposable
{
    readonly List<int> _fds = new();

    FuseDevice(int fd) => _fds.Add(fd);

    public int MainFd => _fds[0];

    public IReadOnlyList<int> Fds => _fds;

    public static FuseDevice Open()
    {
        int fd = FuseLibc.Open("/dev/fuse", FuseLibc.O_RDWR | FuseLibc.O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"cannot open /dev/fuse: {FuseLibc.Describe(Marshal.GetLastPInvokeError())}");
        return new FuseDevice(fd);
    }

    /// <summary>A new descriptor attached to the mounted session, or the main one when cloning is not available.</summary>
    public int CloneOrShare()
    {
        int fd = FuseLibc.Open("/dev/fuse", FuseLibc.O_RDWR | FuseLibc.O_CLOEXEC);
        if (fd < 0)
            return MainFd;
        uint source = (uint)MainFd;
        if (FuseLibc.Ioctl(fd, FuseLibc.FUSE_DEV_IOC_CLONE, &source) != 0)
        {
            FuseLibc.Close(fd);
            return MainFd;
        }
        _fds.Add(fd);
        return fd;
    }

    /// <summary>Reads one request; the byte count, or -errno.</summary>
    public static int Read(int fd, FuseBuffer buffer)
    {
        nint n = FuseLibc.Read(fd, buffer.Pointer, (nuint)buffer.RequestCapacity);
        return n >= 0 ? (int)n : -Marshal.GetLastPInvokeError();
    }

    /// <summary>Writes one reply with a single write(2); 0 or -errno (ENOENT: the request was interrupted and is gone).</summary>
    public static int Write(int fd, FuseBuffer buffer, FuseReply reply)
    {
        nint n = FuseLibc.Write(fd, buffer.Pointer + reply.Offset, (nuint)reply.Length);
        return n >= 0 ? 0 : -Marshal.GetLastPInvokeError();
    }

    public void Dispose()
    {
        foreach (int fd in _fds)
            FuseLibc.Close(fd);
        _fds.Clear();
    }
}
