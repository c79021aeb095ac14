using System.Text.RegularExpressions;

namespace Tandem.Lab;

/// <summary>Seconds spent in each phase of a recovery (CONTRACT.md breakdown_s); null when the phase left no mark.</summary>
public sealed record RecoveryBreakdown(double? Detect, double? Promote, double? Mount, double? Service, double? FirstCommit)
{
    public static RecoveryBreakdown None { get; } = new(null, null, null, null, null);
}

/// <summary>
/// Reads the phases of a recovery from the survivor's event journal. The marks, in order after the fault:
/// detect — the peer declared dead, a resource failing its monitor, or a handover starting;
/// promote — the volume becoming Primary (<c>r0: ... -> Primary/...</c>);
/// mount — the Filesystem resource started (an event naming <c>Filesystem::</c> and "started");
/// service — the group started on the survivor (<c>started on NODE</c>, or running again after a restart in place);
/// first commit — the client's first acknowledged commit after that. Each phase runs from the previous mark found.
/// </summary>
public static partial class RecoveryMarks
{
    public static RecoveryBreakdown Compute(IEnumerable<(DateTimeOffset At, string Text)> survivorEvents, string failedNode, string survivorNode,
        DateTimeOffset fault, DateTimeOffset? firstCommit)
    {
        var events = survivorEvents.Where(e => e.At >= fault).OrderBy(e => e.At).ToList();
        DateTimeOffset? Find(Func<string, bool> match, DateTimeOffset? after) =>
            events.FirstOrDefault(e => e.At >= (after ?? fault) && match(e.Text)) is { Text: not null } hit ? hit.At : null;

        var detect = Find(t => t.StartsWith(failedNode + " dead", StringComparison.Ordinal) || t.Contains("failed its monitor", StringComparison.Ordinal)
            || t.Contains("standby:", StringComparison.Ordinal) || t.Contains("asked for the group", StringComparison.Ordinal)
            || t.Contains("handed the group over", StringComparison.Ordinal) || t.Contains("released the group", StringComparison.Ordinal), null);
        var promote = Find(t => Promoted().IsMatch(t), detect);
        var mount = Find(t => t.Contains("Filesystem::", StringComparison.Ordinal) && t.Contains("started", StringComparison.Ordinal), promote ?? detect);
        var service = Find(t => t.Contains("started on " + survivorNode, StringComparison.Ordinal) || t.Contains("running again on", StringComparison.Ordinal),
            mount ?? promote ?? detect);

        static double? Span(DateTimeOffset? from, DateTimeOffset? to) =>
            from is { } f && to is { } t ? Math.Round((t - f).TotalSeconds, 3) : null;

        return new RecoveryBreakdown(
            Span(fault, detect),
            Span(detect, promote),
            Span(promote, mount),
            Span(mount ?? promote ?? detect, service),
            Span(service, firstCommit is { } c && service is { } s && c >= s ? c : null));
    }

    [GeneratedRegex(@"^\S+: \S+ .* -> Primary/")]
    private static partial Regex Promoted();
}
