using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// What the workload client did, one line per event, appended and flushed as it happens:
/// <c>T id value ms</c> (about to commit), <c>A id value ms</c> (MariaDB acknowledged the commit),
/// <c>E ms text</c> (an error; the commit in flight is in doubt), <c>C ms</c> (connected). ms is Unix time in
/// milliseconds. A partial last line (the client was writing it) is ignored.
/// </summary>
public sealed class CommitJournal
{
    public Dictionary<long, string> Attempted { get; } = [];
    public Dictionary<long, DateTimeOffset> AttemptedAt { get; } = [];
    public Dictionary<long, (string Value, DateTimeOffset At)> Acknowledged { get; } = [];
    public List<(DateTimeOffset At, string Text)> Errors { get; } = [];
    public int Connects { get; private set; }

    public static string Attempt(long id, string value, DateTimeOffset at) => $"T {id} {value} {at.ToUnixTimeMilliseconds()}";
    public static string Ack(long id, string value, DateTimeOffset at) => $"A {id} {value} {at.ToUnixTimeMilliseconds()}";
    public static string Error(DateTimeOffset at, string text) => $"E {at.ToUnixTimeMilliseconds()} {text.ReplaceLineEndings(" ")}";
    public static string Connected(DateTimeOffset at) => $"C {at.ToUnixTimeMilliseconds()}";

    public static CommitJournal Parse(string text)
    {
        var j = new CommitJournal();
        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', 4);
            switch (f[0])
            {
                case "T" when f.Length == 4:
                    j.Attempted[Long(f[1])] = f[2];
                    j.AttemptedAt[Long(f[1])] = Time(f[3]);
                    break;
                case "A" when f.Length == 4:
                    j.Acknowledged[Long(f[1])] = (f[2], Time(f[3]));
                    break;
                case "E" when f.Length >= 2:
                    j.Errors.Add((Time(f[1]), line.Length > f[0].Length + f[1].Length + 2 ? line[(f[0].Length + f[1].Length + 2)..] : ""));
                    break;
                case "C" when f.Length >= 2:
                    j.Connects++;
                    break;
                default:
                    throw new FormatException($"commit journal: line \"{line}\" is not understood");
            }
        }
        return j;
    }

    public static CommitJournal Read(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }

    /// <summary>
    /// The first acknowledgement of a commit that was also attempted at or after <paramref name="after"/>, or
    /// null. A commit already in flight at the fault may still be acknowledged by the node that is failing;
    /// it says nothing about recovery, so it does not count.
    /// </summary>
    public DateTimeOffset? FirstAckAfter(DateTimeOffset after)
    {
        DateTimeOffset? first = null;
        foreach (var (id, (_, at)) in Acknowledged)
            if (at >= after && AttemptedAt.TryGetValue(id, out var tried) && tried >= after && (first is null || at < first))
                first = at;
        return first;
    }

    static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    static DateTimeOffset Time(string s) => DateTimeOffset.FromUnixTimeMilliseconds(Long(s));
}
