using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// Removes everything of one lab, whatever state it is in (complete, half built, or left by a crashed run):
/// the processes in its namespaces, loop devices and mounts of files under its directory, the namespaces
/// (which takes their veths and bridges with them) and the directory. Only names with the lab's tag are touched.
/// </summary>
public static class LabCleanup
{
    /// <returns>Problems that remained (empty when everything is gone).</returns>
    public static IReadOnlyList<string> Remove(LabNames names)
    {
        var problems = new List<string>();
        void Try(Action a)
        {
            try { a(); }
            catch (LabException e) { problems.Add(e.Message); }
        }
        var existing = ExistingNamespaces().Where(ns => LabNames.IdOf(ns) == names.Id).ToList();
        // Kill first, then abort the FUSE connections of pinned node namespaces (a daemon stuck in the kernel on its
        // own FUSE file is freed by that), then wait for every process to be gone.
        foreach (var ns in existing)
            foreach (var pid in NamespaceProcesses.Of(ns))
                NamespaceProcesses.Signal(pid, NamespaceProcesses.SigKill);
        var pins = Directory.Exists(names.Dir) ? MountNamespacePin.Under(names.Dir) : [];
        foreach (var pin in pins)
            MountNamespacePin.AbortFuse(pin, names.Dir);
        foreach (var ns in existing)
            Try(() => NamespaceProcesses.KillAll(ns));
        Try(() => DetachLoopsUnder(names.Dir));
        foreach (var pin in pins)
            MountNamespacePin.Release(pin, names.Dir);
        Try(() => UnmountUnder(names.Dir));
        Try(() => DetachLoopsUnder(names.Dir));
        foreach (var ns in existing)
        {
            var r = LabShell.Run("ip", ["netns", "del", ns]);
            if (!r.Ok && ExistingNamespaces().Contains(ns))
                problems.Add($"ip netns del {ns} failed ({r.Reason})");
        }
        if (Directory.Exists(names.Dir))
        {
            try { Directory.Delete(names.Dir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"cannot remove {names.Dir}: {e.Message}; remove it by hand once nothing uses it");
            }
        }
        return problems;
    }

    public static IReadOnlyList<string> ExistingNamespaces()
    {
        const string dir = "/run/netns";
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>()] : [];
    }

    /// <summary>Mount points of this mount namespace at or under <paramref name="dir"/>, deepest first.</summary>
    public static IReadOnlyList<string> MountsUnder(string dir)
    {
        var prefix = dir.TrimEnd('/') + "/";
        var list = new List<string>();
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                var mountPoint = Unescape(fields[4]);
                if (mountPoint == dir.TrimEnd('/') || mountPoint.StartsWith(prefix, StringComparison.Ordinal))
                    list.Add(mountPoint);
            }
        }
        return [.. list.OrderByDescending(m => m.Length)];
    }

    static void UnmountUnder(string dir)
    {
        foreach (var m in MountsUnder(dir))
        {
            var r = LabShell.Run("umount", ["-l", m]);
            if (!r.Ok)
                throw new LabException($"umount -l {m} failed ({r.Reason}); unmount it by hand");
        }
    }

    /// <summary>Loop devices whose backing file lies under <paramref name="dir"/> (as the kernel names it).</summary>
    public static IReadOnlyList<string> LoopsUnder(string dir)
    {
        var prefix = dir.TrimEnd('/') + "/";
        var list = new List<string>();
        if (!Directory.Exists("/sys/block"))
            return list;
        foreach (var block in Directory.GetDirectories("/sys/block", "loop*"))
        {
            var file = Path.Combine(block, "loop", "backing_file");
            string backing;
            try { backing = File.ReadAllText(file).Trim(); }
            catch (IOException) { continue; }
            if (backing.StartsWith(prefix, StringComparison.Ordinal))
                list.Add("/dev/" + Path.GetFileName(block));
        }
        return list;
    }

    static void DetachLoopsUnder(string dir)
    {
        foreach (var loop in LoopsUnder(dir))
        {
            var r = LabShell.Run("losetup", ["-d", loop]);
            if (!r.Ok && LoopsUnder(dir).Contains(loop))
                throw new LabException($"losetup -d {loop} failed ({r.Reason}); detach it by hand");
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length && int.TryParse(s.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
                sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
