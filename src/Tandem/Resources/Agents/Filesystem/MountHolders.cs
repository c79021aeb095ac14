using System.Globalization;

namespace Tandem.Resources.Agents.Filesystem;

/// <summary>
/// The processes that keep a mount busy: an open file on it (by the mount id in /proc/PID/fdinfo), a working
/// directory, root or executable under it, or a file mapped from it. The daemon itself is never listed.
/// </summary>
public static class MountHolders
{
    public static IReadOnlyList<int> Find(MountEntry mount)
    {
        var holders = new List<int>();
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
                continue;
            try
            {
                if (Holds(dir, mount))
                    holders.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked, or is not ours to inspect.
            }
        }
        return holders;
    }

    static bool Holds(string proc, MountEntry mount)
    {
        foreach (var link in (string[])["cwd", "root", "exe"])
            if (Under(new FileInfo($"{proc}/{link}").LinkTarget, mount.MountPoint))
                return true;
        var mntId = $"mnt_id:\t{mount.Id}";
        foreach (var fd in Directory.EnumerateFiles($"{proc}/fdinfo"))
        {
            try
            {
                if (File.ReadLines(fd).Any(l => l == mntId))
                    return true;
            }
            catch (IOException)
            {
            }
        }
        foreach (var line in File.ReadLines($"{proc}/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash >= 0 && Under(line[slash..], mount.MountPoint))
                return true;
        }
        return false;
    }

    static bool Under(string? path, string dir) =>
        path is not null && (path == dir || path.StartsWith(dir + "/", StringComparison.Ordinal));
}
