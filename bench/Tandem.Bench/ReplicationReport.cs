using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Writes bench/results/replication-DATE.md: the machine, the command, medians, ratios, every run, the checks.</summary>
static partial class ReplicationReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(ReplicationOptions o, ReplicationResults r, DateTimeOffset started, string fileSystem, string command)
    {
        var sb = new StringBuilder();
        ResultFile.Header(sb, "Replication benchmark", started, command, "bench/run-replication");
        sb.AppendLine(Inv, $"- Backing files, and the disk reference, on: {fileSystem}");
        sb.AppendLine(Inv, $"- Placement: {Placement.Describe()}");
        sb.AppendLine(Inv, $"- 1-minute load average: {string.Join(", ", r.Load.Select(l => $"{l.When} {l.Load:0.0}"))}");
        ResultFile.LoadNote(sb, r.Load);
        sb.AppendLine();
        sb.AppendLine($"Data path: fio → /dev/tandem/NAME ({Machine.VolumeDevice}) → the Primary's daemon → its backing file (aligned writes with O_DIRECT); " +
            $"with a peer also → TCP over loopback → the Secondary's daemon → its backing file {Placement.PeerDisk}" +
            (Placement.Split ? ". Alpha's daemon and fio share CPU 0; beta's daemon has CPU 1." : ". Both daemons and fio share the machine's cores."));
        foreach (var (part, error) in r.Failures)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"**Part `{part}` did not finish**: {error}");
        }
        if (o.Runs("fio"))
            FioSection(sb, o, r);
        if (o.Runs("fullsync"))
            FullSyncSection(sb, o, r);
        if (o.Runs("resync"))
            ResyncSection(sb, o, r);
        return ResultFile.Finish(sb, r.Checks, o.OutDir, "replication", started);
    }

    static string F(double v, string format = "0.0") => double.IsNaN(v) ? "—" : v.ToString(format, Inv);

    static string Verdict(double ratio, double target, bool atMost) =>
        double.IsNaN(ratio) ? "—" : (atMost ? ratio <= target : ratio >= target) ? "met" : "**missed**";

    static void FioSection(StringBuilder sb, ReplicationOptions o, ReplicationResults r)
    {
        sb.AppendLine();
        sb.AppendLine(Inv, $"## 1. Write path: fio on /dev/tandem/NAME ({o.FioSize >> 20} MiB volume, {o.Rounds} rounds × {o.Seconds} s per job)");
        sb.AppendLine();
        sb.AppendLine("Sides: protocol C with a connected peer, protocol A with a connected peer, the same volume on a single node with no peer. " +
            "All three are up for the whole part; every round runs each side once, in an order rotated by one each round. " +
            "Every block was written once through the device before the first round.");
        foreach (var d in ReplicationFio.Describe())
            sb.AppendLine(Inv, $"- `{d}`");
        sb.AppendLine();
        sb.AppendLine("fio times the write and the fdatasync after it separately; the latency the target uses is the mean time of one " +
            "write+fdatasync cycle at queue depth 1 (1/IOPS). Medians over rounds; ratios are side / single.");
        sb.AppendLine();
        double M(string side, string job, Func<FioSample, double> f) => Stats.Median(r.Fio.Where(s => s.Side == side && s.Job == job).Select(f));
        sb.AppendLine("| metric | C (peer) | A (peer) | single | C / single | A / single | target for C |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        void Line(string job, string metric, Func<FioSample, double> f, string format, string target = "", double? bound = null, bool atMost = true)
        {
            double c = M(FioPart.C, job, f), a = M(FioPart.A, job, f), s = M(FioPart.Single, job, f);
            double rc = c / s, ra = a / s;
            var t = bound is { } b ? $"{target} → {Verdict(rc, b, atMost)}" : target;
            sb.AppendLine(Inv, $"| {job} {metric} | {F(c, format)} | {F(a, format)} | {F(s, format)} | {F(rc, "0.00")}× | {F(ra, "0.00")}× | {t} |");
        }
        void Row(string job, string metric, Func<SyncFioResult, double> f, string target = "", double? bound = null, bool atMost = true) =>
            Line(job, metric, x => f(x.R), "0.0", target, bound, atMost);
        void CpuRow(string job, string metric, Func<FioSample, double> f) => Line(job, metric, f, "0.00");
        Row("rand4k", "IOPS (write+fdatasync)", x => x.Iops);
        Row("rand4k", "mean latency per write+fdatasync µs", x => x.CycleUs, "≤ 1.3×", 1.3);
        Row("rand4k", "write p50 µs", x => x.WriteP50Us);
        Row("rand4k", "write p99 µs", x => x.WriteP99Us);
        Row("rand4k", "fdatasync p50 µs", x => x.SyncP50Us);
        Row("rand4k", "fdatasync p99 µs", x => x.SyncP99Us);
        Row("rand4k", "write p50 + fdatasync p50 µs", x => x.WriteP50Us + x.SyncP50Us);
        Row("seq1m", "MiB/s", x => x.MiBs, "≥ 0.8×", 0.8, atMost: false);
        CpuRow("rand4k", "daemon CPU µs per write+fdatasync", x => x.CpuUsPerWrite);
        CpuRow("seq1m", "daemon CPU ms per MiB", x => x.CpuMsPerMiB);
        sb.AppendLine();
        sb.AppendLine("Daemon CPU is the user + system time of the side's daemons while the job ran (both nodes' for a pair), from " +
            "/proc, over what fio wrote: what the work costs in CPU on a machine whose cores the daemons, fio and the kernel share " +
            "(it includes the runtime's thread-pool workers spinning while they wait for work). It leaves out the kernel's own " +
            "threads (loop device, soft interrupts not charged to a daemon) and fio.");
        sb.AppendLine();
        string PerRound(string side, string job, Func<SyncFioResult, double> f) => string.Join(", ", Enumerable.Range(0, o.Rounds).Select(round =>
        {
            var x = r.Fio.FirstOrDefault(s => s.Round == round && s.Side == side && s.Job == job);
            var y = r.Fio.FirstOrDefault(s => s.Round == round && s.Side == FioPart.Single && s.Job == job);
            return x is null || y is null ? "—" : F(f(x.R) / f(y.R), "0.00") + "×";
        }));
        sb.AppendLine(Inv, $"Per round (the spread shows the noise): C / single latency {PerRound(FioPart.C, "rand4k", x => x.CycleUs)}; " +
            $"A / single latency {PerRound(FioPart.A, "rand4k", x => x.CycleUs)}; C / single MiB/s {PerRound(FioPart.C, "seq1m", x => x.MiBs)}; " +
            $"A / single MiB/s {PerRound(FioPart.A, "seq1m", x => x.MiBs)}.");
        sb.AppendLine();
        sb.AppendLine("Every run:");
        sb.AppendLine();
        sb.AppendLine("| round | side | job | IOPS | MiB/s | write p50 µs | write p99 µs | fdatasync p50 µs | fdatasync p99 µs | daemon CPU s |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in r.Fio)
            sb.AppendLine(Inv, $"| {s.Round + 1} | {s.Side} | {s.Job} | {F(s.R.Iops)} | {F(s.R.MiBs)} | {F(s.R.WriteP50Us)} | {F(s.R.WriteP99Us)} | {F(s.R.SyncP50Us)} | {F(s.R.SyncP99Us)} | {F(s.DaemonCpuSeconds, "0.00")} |");
    }
}
