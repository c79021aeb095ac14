using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// Keeps a node's mount namespace alive independently of its processes: a bind mount of
/// <c>/proc/PID/ns/mnt</c> on a file <c>NODEDIR/mntns-PID</c> in the host's namespace.
/// Without it, a killed daemon would be the last process of its namespace and, while exiting, unmount the ext4 on
/// /dev/tandem/r0, whose writeback goes through the loop device to the daemon's own FUSE file: the daemon would
/// hang in the kernel for ever. Pinned, the daemon dies at once (closing /dev/fuse aborts its FUSE connection); the
/// lab then aborts what is left of the node's FUSE connections, detaches its loop devices (their backing file is
/// still named while the namespace lives) and releases the pin, and the namespace goes with EIO instead of a hang.
/// </summary>
public static class MountNamespacePin
{
    public const string FilePrefix = "mntns-";

    public static string Pin(int pid, string nodeDir)
    {
        var file = Path.Combine(nodeDir, FilePrefix + pid.ToString(CultureInfo.InvariantCulture));
        File.WriteAllBytes(file, []);
        LabShell.Ok("mount", "--bind", $"/proc/{pid}/ns/mnt", file);
        return file;
    }

    /// <summary>The pins under <paramref name="dir"/> (mounted in this namespace).</summary>
    public static IReadOnlyList<string> Under(string dir) =>
        [.. LabCleanup.MountsUnder(dir).Where(m => Path.GetFileName(m).StartsWith(FilePrefix, StringComparison.Ordinal))];

    /// <summary>Aborts the FUSE connections mounted under <paramref name="dir"/> inside the pinned namespace.</summary>
    public static void AbortFuse(string pin, string dir)
    {
        var r = LabShell.Run("nsenter", [$"--mount={pin}", "--", "cat", "/proc/self/mountinfo"], TimeSpan.FromSeconds(10));
        if (!r.Ok)
            return;
        var prefix = dir.TrimEnd('/') + "/";
        foreach (var line in r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options ... - fstype source superoptions
            var f = line.Split(' ');
            var dash = Array.IndexOf(f, "-");
            if (f.Length < 5 || dash < 0 || dash + 1 >= f.Length || !f[dash + 1].StartsWith("fuse", StringComparison.Ordinal)
                || !f[4].StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var minor = f[2].Split(':')[1];
            var abort = $"/sys/fs/fuse/connections/{minor}/abort";
            if (File.Exists(abort))
            {
                try { File.WriteAllText(abort, "1"); }
                catch (IOException) { }
            }
        }
    }

    /// <summary>Aborts the namespace's FUSE connections under <paramref name="dir"/>, detaches loop devices of files under it, and drops the pin.</summary>
    public static void Release(string pin, string dir)
    {
        AbortFuse(pin, dir);
        foreach (var loop in LabCleanup.LoopsUnder(dir))
            LabShell.Run("losetup", ["-d", loop]);
        var r = LabShell.Run("umount", [pin]);
        if (!r.Ok)
            LabShell.Run("umount", ["-l", pin]);
        try { File.Delete(pin); }
        catch (IOException) { }
    }
}
