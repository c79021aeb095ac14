using System.Globalization;
using System.Text;
using static Tandem.Bench.Fio;

namespace Tandem.Bench;

/// <summary>Writes the medians, the ratios and the machine to bench/results/.</summary>
static class Report
{
    public static string Write(List<(string Side, string Job, FioResult R)> results, int rounds, int seconds, string outDir, string command)
    {
        double Median(string side, string job, Func<FioResult, double> f)
        {
            var v = results.Where(r => r.Side == side && r.Job == job).Select(r => f(r.R)).Order().ToArray();
            return v.Length == 0 ? 0 : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# Volume over NBD vs nbdkit file plugin — {now:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` ({rounds} rounds, {seconds} s per job, sides alternated)");
        var front = Tandem.Device.KernelNbd.Unavailable() is null ? "kernel nbd device (nbd-client)" : "loop device → FUSE file → NBD client";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Path for both: fio → {front} → NBD server (Unix socket) → backing file (2 GiB, every block written before the rounds, same file).");
        foreach (var d in Describe())
            sb.AppendLine(CultureInfo.InvariantCulture, $"- `{d}`");
        sb.AppendLine();
        sb.AppendLine("| job | metric | tandem (median) | nbdkit (median) | ratio tandem/nbdkit |");
        sb.AppendLine("|---|---|---|---|---|");
        void Row(string job, string metric, Func<FioResult, double> f, bool lowerIsBetter = false)
        {
            double t = Median("tandem", job, f), n = Median("nbdkit", job, f);
            var ratio = n == 0 ? 0 : lowerIsBetter ? n / t : t / n;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {job} | {metric} | {F(t)} | {F(n)} | {ratio:0.00}{(lowerIsBetter ? " (nbdkit/tandem)" : "")} |");
        }
        Row("sync4k", "IOPS (write+fdatasync)", r => r.Iops);
        Row("sync4k", "mean latency µs", r => r.MeanLatencyUs, lowerIsBetter: true);
        Row("seq1m", "MiB/s", r => r.BandwidthMiBs);
        sb.AppendLine();
        sb.AppendLine("Every run:");
        sb.AppendLine();
        sb.AppendLine("| side | job | IOPS | MiB/s | mean µs | p99 µs |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var (side, job, r) in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {side} | {job} | {F(r.Iops)} | {F(r.BandwidthMiBs)} | {F(r.MeanLatencyUs)} | {F(r.P99LatencyUs)} |");
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, $"nbd-vs-nbdkit-{now:yyyy-MM-dd-HHmm}.md");
        File.WriteAllText(path, sb.ToString());
        return sb + $"\nwritten to {path}";
    }

    static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var mem = File.ReadLines("/proc/meminfo").First().Split(':')[1].Trim();
        return $"{Environment.ProcessorCount} × {cpu}, {mem} RAM, Linux {Environment.OSVersion.Version}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}";
    }
}
