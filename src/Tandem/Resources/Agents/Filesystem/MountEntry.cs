using Tandem.Fuse;

namespace Tandem.Resources.Agents.Filesystem;

/// <summary>
/// One line of /proc/self/mountinfo with the fields the Filesystem agent needs (proc(5)):
/// "id parent major:minor root mountpoint options [optional...] - fstype source superoptions".
/// </summary>
public sealed record MountEntry(int Id, uint Major, uint Minor, string MountPoint, string Options, string FsType, string Source)
{
    public string DeviceNumber => $"{Major}:{Minor}";

    public bool ReadOnly => Options.Split(',').Contains("ro");

    public static IReadOnlyList<MountEntry> ReadAll() => ParseAll(File.ReadAllText("/proc/self/mountinfo"));

    public static IReadOnlyList<MountEntry> ParseAll(string text) =>
        text.Split('\n').Select(Parse).OfType<MountEntry>().ToList();

    public static MountEntry? Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length < 10)
            return null;
        var dash = Array.IndexOf(f, "-", 6);
        if (dash < 0 || dash + 2 >= f.Length || !int.TryParse(f[0], out var id))
            return null;
        var dev = f[2].Split(':');
        if (dev.Length != 2 || !uint.TryParse(dev[0], out var major) || !uint.TryParse(dev[1], out var minor))
            return null;
        return new MountEntry(id, major, minor, MountInfoEntry.Unescape(f[4]), f[5], f[dash + 1], MountInfoEntry.Unescape(f[dash + 2]));
    }

    /// <summary>The mount visible at <paramref name="dir"/> (the last one mounted there), or null.</summary>
    public static MountEntry? At(IReadOnlyList<MountEntry> table, string dir) => table.LastOrDefault(m => m.MountPoint == dir);
}
