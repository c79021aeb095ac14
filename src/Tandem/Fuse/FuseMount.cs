using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tandem.Fuse.Native;

namespace Tandem.Fuse;

/// <summary>
/// mount(2)/umount2(2) of a Tandem FUSE filesystem, and cleanup of one left by a killed process.
/// When the serving process dies the mount stays, and every access to it fails with ENOTCONN
/// ("Transport endpoint is not connected") until it is unmounted: <see cref="RemoveStale"/> does that at start.
/// </summary>
public static class FuseMount
{
    public const string FsType = "fuse.tandem";
    public const string Source = "tandem";
    const string ConnectionsDir = "/sys/fs/fuse/connections";

    /// <summary>Mounts the session of <paramref name="fd"/> at <paramref name="dir"/>.</summary>
    public static void Mount(string dir, int fd, int maxRead)
    {
        string data = $"fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions,max_read={maxRead}";
        if (FuseLibc.Mount(Source, dir, FsType, FuseLibc.MS_NOSUID | FuseLibc.MS_NODEV, data) != 0)
            throw new IOException($"mount -t {FsType} at {dir} failed: {FuseLibc.Describe(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Lazy unmount (MNT_DETACH): the name goes now, the filesystem when its last user closes it. Returns 0 or errno.</summary>
    public static int Detach(string dir) =>
        FuseLibc.Umount2(dir, FuseLibc.MNT_DETACH) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>The mount at exactly <paramref name="dir"/> (the topmost one), or null.</summary>
    public static MountInfoEntry? Find(string dir)
    {
        string full = Canonical(dir);
        return MountInfoEntry.ReadAll().LastOrDefault(m => m.MountPoint == full);
    }

    /// <summary>
    /// Unmounts a FUSE mount at <paramref name="dir"/> whose server is gone (ENOTCONN). A live mount
    /// (another process serving it) is left alone and reported. Returns true when something was removed.
    /// </summary>
    public static bool RemoveStale(string dir, ILogger logger)
    {
        var entry = Find(dir);
        if (entry is null || !entry.FsType.StartsWith("fuse", StringComparison.Ordinal))
            return false;
        int errno = FuseLibc.Probe(dir);
        if (errno == 0)
            throw new IOException($"{dir} is already a live FUSE mount ({entry.FsType}); is another tandem daemon running?");
        if (errno != FuseLibc.ENOTCONN && errno != FuseLibc.ECONNABORTED)
            throw new IOException($"{dir} is a FUSE mount that cannot be checked: {FuseLibc.Describe(errno)}");
        int rc = Detach(dir);
        if (rc != 0)
            throw new IOException($"cannot unmount stale FUSE mount {dir}: {FuseLibc.Describe(rc)}");
        FuseLog.StaleMountRemoved(logger, dir);
        return true;
    }

    /// <summary>The absolute path of a directory with symlinks resolved, as /proc/self/mountinfo shows it.</summary>
    public static string Canonical(string dir) =>
        FuseLibc.Canonical(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));

    /// <summary>
    /// Aborts a FUSE connection through fusectl (mounting it if needed): pending and future requests fail
    /// with ENOTCONN, readers of /dev/fuse wake up. The last resort when a session will not end.
    /// </summary>
    public static bool Abort(string connection)
    {
        string abort = Path.Combine(ConnectionsDir, connection, "abort");
        if (!File.Exists(abort))
            FuseLibc.Mount("fusectl", ConnectionsDir, "fusectl", 0, "");
        try
        {
            File.WriteAllText(abort, "1");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
