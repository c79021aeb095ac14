using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Lab;

/// <summary>
/// One line of a node's daemon log as the console logger writes it:
/// <c>2026-11-24T19:15:27.016Z warn: Tandem.Heartbeat[1910] node-a: Up → Dead: ...</c> (UTC, milliseconds).
/// </summary>
public sealed partial record DaemonLogLine(string Node, DateTimeOffset At, string Level, string Category, int EventId, string Message)
{
    /// <summary>Every well-formed line of <paramref name="text"/>; anything else (a stack trace, the lab's own markers, a torn last line) is skipped.</summary>
    public static IEnumerable<DaemonLogLine> Parse(string node, string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var m = Line().Match(raw.TrimEnd('\r'));
            if (!m.Success
                || !DateTimeOffset.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                || !int.TryParse(m.Groups[4].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                continue;
            yield return new DaemonLogLine(node, at, m.Groups[2].Value, m.Groups[3].Value, id, m.Groups[5].Value);
        }
    }

    /// <summary>The lines of a log file (shared read: the daemon may still write it); none when it does not exist.</summary>
    public static IReadOnlyList<DaemonLogLine> Read(string node, string path)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var r = new StreamReader(s);
            return [.. Parse(node, r.ReadToEnd())];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\w+): ([\w.]+)\[(\d+)\] (.*)$")]
    private static partial Regex Line();
}
