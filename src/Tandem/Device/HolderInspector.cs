using System.Globalization;

namespace Tandem.Device;

/// <summary>
/// Finds what keeps a block device busy, so a refusal can name it ("mounted on /data",
/// "process 4242 (mysqld)") instead of the classic "Device is held open by someone".
/// </summary>
public static class HolderInspector
{
    /// <summary>Every holder of <paramref name="devicePath"/> (a node such as /dev/loop3 or a link to it); empty when free.</summary>
    public static IReadOnlyList<string> Find(string devicePath)
    {
        var real = Resolve(devicePath);
        var holders = new List<string>();
        var devNumber = DeviceNumber(real);
        if (devNumber is not null)
            holders.AddRange(Mounts(devNumber));
        holders.AddRange(KernelHolders(real));
        holders.AddRange(Processes(real));
        return holders;
    }

    static string Resolve(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }

    /// <summary>"major:minor" from sysfs, the form /proc/self/mountinfo uses.</summary>
    static string? DeviceNumber(string real)
    {
        var dev = $"/sys/class/block/{System.IO.Path.GetFileName(real)}/dev";
        return File.Exists(dev) ? File.ReadAllText(dev).Trim() : null;
    }

    static IEnumerable<string> Mounts(string devNumber)
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var f = line.Split(' ');
            if (f.Length > 4 && f[2] == devNumber)
                yield return $"a filesystem mounted on {Unescape(f[4])}";
        }
    }

    static IEnumerable<string> KernelHolders(string real)
    {
        var dir = $"/sys/class/block/{System.IO.Path.GetFileName(real)}/holders";
        if (!System.IO.Directory.Exists(dir))
            yield break;
        foreach (var h in System.IO.Directory.EnumerateFileSystemEntries(dir))
            yield return $"device {System.IO.Path.GetFileName(h)} stacked on it";
    }

    static IEnumerable<string> Processes(string real)
    {
        int self = Environment.ProcessId;
        foreach (var procDir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(procDir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
                continue;
            bool holds = false;
            try
            {
                foreach (var fd in System.IO.Directory.EnumerateFileSystemEntries(procDir + "/fd"))
                    if (new FileInfo(fd).LinkTarget == real) { holds = true; break; }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (holds)
                yield return $"process {pid} ({Comm(pid)})";
        }
    }

    public static string Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return "?"; }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    static string Unescape(string s) => s.Contains('\\')
        ? System.Text.RegularExpressions.Regex.Replace(s, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
        : s;
}
