using System.Globalization;

namespace Tandem.Bench;

/// <summary>The machine a result was measured on, and how busy it was.</summary>
static class Machine
{
    public static string Cpu =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    public static string Describe()
    {
        var mem = File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim();
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        return $"{Cpu}, {Environment.ProcessorCount} cores, {mem} RAM, Linux {kernel}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1-minute load average.</summary>
    public static double Load1() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>A result file's title and the lines every result carries: machine, date, command, code.</summary>
    public static void Header(System.Text.StringBuilder sb, string title, DateTimeOffset started, string command, string script)
    {
        var inv = CultureInfo.InvariantCulture;
        var finished = DateTimeOffset.UtcNow;
        sb.AppendLine(inv, $"# {title} — {started:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(inv, $"- Machine: {Describe()}");
        sb.AppendLine(inv, $"- Date: {started:yyyy-MM-dd HH:mm:ss} to {finished:HH:mm:ss} UTC ({(finished - started).TotalMinutes:0.0} min)");
        sb.AppendLine(inv, $"- Command: `{command}` (run by `{script}`, which builds src/Tandem in Release first)");
        sb.AppendLine(inv, $"- Code: {Commit()}");
    }

    /// <summary>
    /// Says how busy the machine was. Only the load at the start tells of other work: later samples count
    /// the benchmark's own processes (fio's jobs, the daemons' threads waiting on the disk).
    /// </summary>
    public static void LoadNote(System.Text.StringBuilder sb, IReadOnlyList<(string When, double Load)> load)
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

    /// <summary>The commit the benchmark was built from (run from the repository root), and whether src/ had uncommitted changes.</summary>
    public static string Commit()
    {
        try
        {
            var head = Proc.Run("git", ["log", "-1", "--format=%h %s"]);
            if (head.Exit != 0)
                return "unknown (not run from a git checkout)";
            var dirty = Proc.Run("git", ["status", "--porcelain", "--", "src"]).Out.Trim().Length > 0;
            return $"`{head.Out.Trim()}`" + (dirty ? " with uncommitted changes in src/" : "");
        }
        catch (System.ComponentModel.Win32Exception) { return "unknown (no git)"; }
    }

    /// <summary>Where <paramref name="dir"/> lives: device, filesystem type, mount point.</summary>
    public static string FileSystemOf(string dir)
    {
        var r = Proc.Run("df", ["--output=source,fstype,target", dir]);
        var line = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "?";
        return string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
