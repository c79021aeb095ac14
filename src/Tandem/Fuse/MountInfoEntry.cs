using System.Text;

namespace Tandem.Fuse;

/// <summary>
/// One line of /proc/self/mountinfo (proc(5)): "id parent major:minor root mountpoint options [optional...] - fstype source superoptions".
/// For FUSE, the device minor is the connection number under /sys/fs/fuse/connections.
/// </summary>
public sealed record MountInfoEntry(string MountPoint, string FsType, string Source, uint Major, uint Minor)
{
    public static IReadOnlyList<MountInfoEntry> ReadAll() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(Parse).OfType<MountInfoEntry>().ToList();

    public static MountInfoEntry? Parse(string line)
    {
        var fields = line.Split(' ');
        int dash = Array.IndexOf(fields, "-");
        if (fields.Length < 7 || dash < 6 || dash + 2 >= fields.Length)
            return null;
        var dev = fields[2].Split(':');
        if (dev.Length != 2 || !uint.TryParse(dev[0], out uint major) || !uint.TryParse(dev[1], out uint minor))
            return null;
        return new MountInfoEntry(Unescape(fields[4]), fields[dash + 1], Unescape(fields[dash + 2]), major, minor);
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo octal.</summary>
    public static string Unescape(string s)
    {
        if (!s.Contains('\\'))
            return s;
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && IsOctal(s, i + 1))
            {
                bytes.Add((byte)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s.Substring(at, 3).All(c => c is >= '0' and <= '7');
}
