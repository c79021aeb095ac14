using Tandem.Resources.Status;

namespace Tandem.Cli;

/// <summary>The groups of <c>tandem status</c> as a table: a line per group, then its resources indented.</summary>
static class GroupStatusView
{
    public static IEnumerable<string> Render(IReadOnlyList<GroupStatus> groups)
    {
        if (groups.Count == 0)
        {
            yield return "(no groups configured)";
            yield break;
        }
        foreach (var g in groups)
        {
            var where = g.Node is null ? "on no node" : $"on {g.Node}";
            yield return $"{g.Name,-24} {g.State,-9} {where}"
                + (g.Maintenance ? "  [maintenance]" : "")
                + (g.Failure is { } f ? $"  failure: {f}" : "")
                + (g.Waiting is { } w ? $"  {w}" : "");
            foreach (var r in g.Resources)
                yield return $"    {r.State,-9} {r.Id}";
        }
    }
}
