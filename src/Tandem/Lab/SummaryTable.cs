using System.Globalization;
using System.Text;

namespace Tandem.Lab;

/// <summary>The table printed after a run, one line per scenario, then the problems of the failed ones.</summary>
public static class SummaryTable
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"SCENARIO",-22} {"RESULT",-6} {"RECOVERY",9} {"DETECT",7} {"STOP",6} {"FENCE",6} {"PROMOTE",8} {"MOUNT",6} {"SERVICE",8} {"COMMIT",7} {"ACKED",7} {"LOST",5} {"PHANTOM",8} {"MOVES",6} {"CONVERGED",9} {"STALL",7}");
        foreach (var r in results)
        {
            var b = r.BreakdownS;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Scenario,-22} {(r.Ok ? "ok" : "FAIL"),-6} {S(r.RecoveryS),9} {S(b.Detect),7} {S(b.Stop),6} {S(b.Fence),6} {S(b.Promote),8} {S(b.Mount),6} {S(b.Service),8} {S(b.FirstCommit),7} {r.AcknowledgedCommits,7} {N(r.LostCommits),5} {N(r.PhantomRows),8} {r.Failovers,6} {(r.Converged ? "yes" : "no"),9} {S(r.LongestStallS),7}");
        }
        foreach (var r in results.Where(r => !r.Ok))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"{r.Scenario} failed:");
            foreach (var p in r.Problems)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  - {p}");
            if (r.Logs is not null)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  logs kept in {r.Logs}");
        }
        return sb.ToString();
    }

    static string S(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) + "s" : "-";
    static string N(int? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "-";
}
