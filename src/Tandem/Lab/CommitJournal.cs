using System.Globalization;

namespace Tandem.Lab;

/// <summary>
/// What the workload client did, one line per event, appended and flushed as it happens:
/// <c>C ms server</c> (connected; <c>server</c> is the answering MariaDB's <c>@@server_id</c>),
/// <c>T id value ms</c> (about to commit), <c>A id value ms server</c> (MariaDB acknowledged the commit, on the
/// server the connection reached), <c>E ms text</c> (an error; the commit in flight is in doubt). ms is Unix time
/// in milliseconds. A partial last line (the client was writing it) is ignored.
/// </summary>
public sealed class CommitJournal
{
    public Dictionary<long, string> Attempted { get; } = [];
    public Dictionary<long, DateTimeOffset> AttemptedAt { get; } = [];
    public Dictionary<long, Acknowledgement> Acknowledged { get; } = [];
    public List<(DateTimeOffset At, string Text)> Errors { get; } = [];

    /// <summary>Every connection the client opened: when, and to which server (null when unknown).</summary>
    public List<(DateTimeOffset At, int? Server)> Connections { get; } = [];

    public int Connects => Connections.Count;

    /// <summary>A commit MariaDB acknowledged: the value written, when, and which server (null when unknown).</summary>
    public readonly record struct Acknowledgement(string Value, DateTimeOffset At, int? Server);

    public static string Attempt(long id, string value, DateTimeOffset at) => $"T {id} {value} {at.ToUnixTimeMilliseconds()}";
    public static string Ack(long id, string value, DateTimeOffset at, int server) => $"A {id} {value} {at.ToUnixTimeMilliseconds()} {server}";
    public static string Error(DateTimeOffset at, string text) => $"E {at.ToUnixTimeMilliseconds()} {text.ReplaceLineEndings(" ")}";
    public static string Connected(DateTimeOffset at, int server) => $"C {at.ToUnixTimeMilliseconds()} {server}";

    public static CommitJournal Parse(string text)
    {
        var j = new CommitJournal();
        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            switch (f[0])
            {
                case "T" when f.Length == 4:
                    j.Attempted[Long(f[1])] = f[2];
                    j.AttemptedAt[Long(f[1])] = Time(f[3]);
                    break;
                case "A" when f.Length is 4 or 5:
                    j.Acknowledged[Long(f[1])] = new Acknowledgement(f[2], Time(f[3]), f.Length == 5 ? (int)Long(f[4]) : null);
                    break;
                case "E" when f.Length >= 2:
                    j.Errors.Add((Time(f[1]), line.Length > f[0].Length + f[1].Length + 2 ? line[(f[0].Length + f[1].Length + 2)..] : ""));
                    break;
                case "C" when f.Length is 2 or 3:
                    j.Connections.Add((Time(f[1]), f.Length == 3 ? (int)Long(f[2]) : null));
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
    /// The first acknowledgement of a commit that was also attempted at or after <paramref name="after"/> (and, when
    /// <paramref name="server"/> is given, acknowledged by that server), or null. A commit already in flight at the
    /// fault may still be acknowledged by the node that is failing, and in a planned switchover the old node keeps
    /// acknowledging until it stops: neither says anything about recovery, so they do not count.
    /// </summary>
    public Acknowledgement? FirstAckAfter(DateTimeOffset after, int? server = null)
    {
        Acknowledgement? first = null;
        foreach (var (id, ack) in Acknowledged)
            if (ack.At >= after && (server is null || ack.Server == server)
                && AttemptedAt.TryGetValue(id, out var tried) && tried >= after && (first is null || ack.At < first.Value.At))
                first = ack;
        return first;
    }

    /// <summary>The first connection to <paramref name="server"/> at or after <paramref name="after"/>: that server answered then.</summary>
    public DateTimeOffset? FirstConnectAfter(DateTimeOffset after, int server) =>
        Connections.Where(c => c.At >= after && c.Server == server).Select(c => (DateTimeOffset?)c.At).Min();

    /// <summary>
    /// The longest time without an acknowledged commit between <paramref name="from"/> and <paramref name="to"/>
    /// (both ends count as edges): how long writes stood still at worst.
    /// </summary>
    public TimeSpan LongestStall(DateTimeOffset from, DateTimeOffset to)
    {
        var edges = Acknowledged.Values.Select(a => a.At).Where(t => t > from && t < to).Append(from).Append(to).Order().ToList();
        var longest = TimeSpan.Zero;
        for (var i = 1; i < edges.Count; i++)
            if (edges[i] - edges[i - 1] > longest)
                longest = edges[i] - edges[i - 1];
        return longest;
    }

    /// <summary>The last acknowledgement by <paramref name="server"/> at or before <paramref name="before"/>, or null.</summary>
    public DateTimeOffset? LastAckBefore(DateTimeOffset before, int server)
    {
        DateTimeOffset? last = null;
        foreach (var ack in Acknowledged.Values)
            if (ack.At <= before && ack.Server == server && (last is null || ack.At > last))
                last = ack.At;
        return last;
    }

    static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    static DateTimeOffset Time(string s) => DateTimeOffset.FromUnixTimeMilliseconds(Long(s));
}
