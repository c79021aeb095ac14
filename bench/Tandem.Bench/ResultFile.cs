using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>The parts every result file in bench/results has: header, how busy the machine was, the checks, the file itself.</summary>
static class ResultFile
{
    /// <summary>A result file's title and the lines every result carries: machine, date, command, code.</summary>
    public static void Header(StringBuilder sb, string title, DateTimeOffset started, string command, string script)
    {
        var inv = CultureInfo.InvariantCulture;
        var finished = DateTimeOffset.UtcNow;
        sb.AppendLine(inv, $"# {title} — {started:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Machine.Describe()}");
        sb.AppendLine(inv, $"- Date: {started:yyyy-MM-dd HH:mm:ss} to {finished:HH:mm:ss} UTC ({(finished - started).TotalMinutes:0.0} min)");
        sb.AppendLine(inv, $"- Command: `{command}` (run by `{script}`, which builds src/Tandem in Release first)");
        sb.AppendLine(inv, $"- Code: {Machine.Commit()}");
    }

    /// <summary>
    /// Says how busy the machine was. Only the load at the start tells of other work: later samples count
    /// the benchmark's own processes (fio's jobs, the daemons' threads waiting on the disk).
    /// </summary>
    public static void LoadNote(StringBuilder sb, IReadOnlyList<(string When, double Load)> load)
    {
        if (load.Count == 0)
            return;
        double start = load[0].Load;
        sb.AppendLine();
        if (start > 0.5 * Environment.ProcessorCount)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"**Measured while the machine was busy**: the load average was already {start:0.0} on {Environment.ProcessorCount} cores ") +
                "when the benchmark started (other work was running, or had just ended). Absolute figures are noisy; the ratios compare sides " +
                "measured in the same run, round by round, which spreads that noise but does not remove it.");
        else
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"The machine was otherwise idle: load average {start:0.0} on {Environment.ProcessorCount} cores at the start; ") +
                "the later samples are the benchmark's own processes.");
    }

    /// <summary>Appends the checks made during the run, writes <c>OUTDIR/NAME-DATE.md</c> and returns the text and where it went.</summary>
    public static string Finish(StringBuilder sb, IEnumerable<(string What, bool Ok)> checks, string outDir, string name, DateTimeOffset started)
    {
        sb.AppendLine();
        sb.AppendLine("## Checks made during the run");
        sb.AppendLine();
        foreach (var (what, ok) in checks)
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {(ok ? "ok" : "**FAILED**")}: {what}");
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, $"{name}-{started:yyyy-MM-dd-HHmm}.md");
        File.WriteAllText(path, sb.ToString());
        return sb + $"\nwritten to {path}";
    }
}
