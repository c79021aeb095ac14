using System.Text.RegularExpressions;

namespace Tandem.Lab;

/// <summary>
/// Reads the phases of a recovery from both daemons' logs (timestamped to the millisecond, the same clock as the
/// fault and the client's journal). The marks, in order after the fault:
/// <list type="bullet">
/// <item>detect: the first reaction of either node — the peer declared dead (heartbeat 1910 "→ Dead"), a group or
/// resource changing state or a group decision (resources 2000–2003), a hung or failed service (2013, 2088);</item>
/// <item>stop: the node that held the group finished stopping it (2000 "-> Stopped" on that node);</item>
/// <item>fence: a Primary that lost the replication link held writes from "I/O suspended" (1850) to "I/O resumed"
/// (1851), until the peer confirmed its copy Outdated;</item>
/// <item>promote: on the node that serves afterwards, the volume resource started (Primary, /dev/tandem/r0 ready;
/// the VIP before it is included);</item>
/// <item>mount: the Filesystem resource started;</item>
/// <item>service: MariaDB answering there after its start and crash recovery — the mysql resource started, or the
/// client's first connection to that server after the fault when that came first;</item>
/// <item>first commit: the client's first acknowledged commit after the fault, served by that node.</item>
/// </list>
/// Each phase runs from the previous mark found; a mark later than the first commit (MariaDB answered the client
/// before its agent reported it started) counts at the first commit. Marks more than <see cref="Slack"/> after the
/// first commit belong to something later (a failback) and are ignored.
/// </summary>
public static partial class RecoveryMarks
{
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public const int PeerStateChanged = 1910;
    public const int GroupStateChanged = 2000;
    public const int ResourceStateChanged = 2001;
    public const int ResourceActionFailed = 2002;
    public const int GroupDecision = 2003;
    public const int ResourceHung = 2013;
    public const int MySqlMonitorChanged = 2088;
    public const int IoSuspended = 1850;
    public const int IoResumed = 1851;

    public static RecoveryBreakdown Compute(IEnumerable<DaemonLogLine> logs, string failedNode, string newOwner,
        DateTimeOffset fault, DateTimeOffset? firstCommit, DateTimeOffset? firstConnect = null)
    {
        var end = firstCommit + Slack;
        var lines = logs.Where(l => l.At >= fault && (end is null || l.At <= end)).OrderBy(l => l.At).ToList();
        DaemonLogLine? Line(Func<DaemonLogLine, bool> match, DateTimeOffset? after) =>
            lines.FirstOrDefault(l => l.At >= (after ?? fault) && match(l));
        DateTimeOffset? Mark(DaemonLogLine? l) => l is null ? null : firstCommit is { } c && l.At > c ? c : l.At;
        DateTimeOffset? Find(Func<DaemonLogLine, bool> match, DateTimeOffset? after) => Mark(Line(match, after));

        var detect = Find(IsReaction, null);
        var stop = Find(l => l.Node == failedNode && l.EventId == GroupStateChanged && l.Message.EndsWith("-> Stopped", StringComparison.Ordinal), detect);
        var suspendedLine = Line(l => l.EventId == IoSuspended, null);
        var suspended = Mark(suspendedLine);
        var resumed = suspendedLine is { } sl ? Find(l => l.EventId == IoResumed && l.Node == sl.Node, sl.At) : null;
        // The fence is part of the chain when holding the writes was the reaction to the fault (the link cut alone).
        var held = stop ?? (suspended is not null && suspended == detect ? resumed : null) ?? detect;
        var promote = Find(l => l.Node == newOwner && Started(l, "volume::"), held);
        var mount = Find(l => l.Node == newOwner && Started(l, "Filesystem::"), promote ?? held);
        var service = Find(l => l.Node == newOwner && Started(l, "mysql::"), mount ?? promote ?? held);
        var before = mount ?? promote ?? held;
        if (firstConnect is { } answered && before is { } b && answered >= b && (service is null || answered < service)
            && (firstCommit is null || answered <= firstCommit))
            service = answered;

        static double? Span(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } f && to is { } t ? Math.Round((t - f).TotalSeconds, 3) : null;

        return new RecoveryBreakdown(
            Span(fault, detect),
            Span(held, promote),
            Span(promote ?? held, mount),
            Span(mount ?? promote ?? held, service),
            Span(service ?? mount ?? promote ?? held, firstCommit))
        { Stop = Span(detect, stop), Fence = Span(suspended, resumed) };
    }

    /// <summary>Whether a line is a node reacting to the fault.</summary>
    public static bool IsReaction(DaemonLogLine l) => l.EventId switch
    {
        PeerStateChanged => l.Message.Contains("→ Dead", StringComparison.Ordinal),
        GroupStateChanged or ResourceStateChanged or ResourceActionFailed or GroupDecision or ResourceHung or IoSuspended => true,
        MySqlMonitorChanged => !l.Message.Contains("-> Ok", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A resource whose id starts with <paramref name="kind"/> reached Started (resources 2001).</summary>
    static bool Started(DaemonLogLine l, string kind) =>
        l.EventId == ResourceStateChanged && ResourceStarted().Match(l.Message) is { Success: true } m
        && m.Groups[1].Value.StartsWith(kind, StringComparison.Ordinal);

    [GeneratedRegex(@"^group \S+: (\S+): \w+ -> Started$")]
    private static partial Regex ResourceStarted();
}
