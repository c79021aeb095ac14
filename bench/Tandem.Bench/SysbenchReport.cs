using System.Globalization;
using System.Text;

namespace Tandem.Bench;

/// <summary>Writes bench/results/sysbench-DATE.md: machine, command, settings, medians, ratios, per-round ratios, every run, checks.</summary>
static class SysbenchReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    const double Target = 0.8;

    public static string Write(SysbenchOptions o, SysbenchResults r, DateTimeOffset started, string fileSystem, string command)
    {
        var sb = new StringBuilder();
        ResultFile.Header(sb, "sysbench oltp_write_only on MariaDB", started, command, "bench/run-sysbench");
        sb.AppendLine(Inv, $"- Backing files and the host side on: {fileSystem}");
        sb.AppendLine(Inv, $"- Placement: {Placement.Describe().Replace("fio", "mariadbd and sysbench", StringComparison.Ordinal)}");
        sb.AppendLine(Inv, $"- Tools: {Version("sysbench", "--version")}; {Version("mariadbd", "--version")}");
        sb.AppendLine(Inv, $"- 1-minute load average: {string.Join(", ", r.Load.Select(l => $"{l.When} {l.Load:0.0}"))}");
        ResultFile.LoadNote(sb, r.Load);
        foreach (var (where, error) in r.Failures)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"**{where} did not finish**: {error}");
        }
        Setup(sb, o, r);
        Results(sb, o, r);
        return ResultFile.Finish(sb, r.Checks, o.OutDir, "sysbench", started);
    }

    static void Setup(StringBuilder sb, SysbenchOptions o, SysbenchResults r)
    {
        sb.AppendLine();
        sb.AppendLine("## Setup");
        sb.AppendLine();
        sb.AppendLine("Sides:");
        sb.AppendLine(Inv, $"- **{SideNames.Replicated}**: MariaDB → ext4 → /dev/tandem/NAME ({Machine.VolumeDevice}) → alpha's daemon " +
            $"→ its backing file, and → TCP over loopback → beta's daemon → its backing file " +
            $"{Placement.PeerDisk}. Protocol C: a write or flush " +
            $"completes when both disks have it.");
        sb.AppendLine(Inv, $"- **{SideNames.Single}**: the same stack and the same volume size on alpha alone, no peer configured. With no peer " +
            $"the volume counts every write as out of sync (out_of_sync in the last table grows) and holds the activity-log pins of those " +
            $"writes until the bitmap with their bits is on disk; the connected pair stays at out_of_sync=0 and does not. So this side is the " +
            $"stack doing its peer-less bookkeeping, not the stack minus replication.");
        sb.AppendLine(Inv, $"- **{SideNames.Host}**: the datadir in a directory of the host's filesystem, next to the backing files.");
        sb.AppendLine();
        sb.AppendLine(Inv, $"The volumes ({o.Size >> 20} MiB, sparse backing files) are brought up once (the pair's initial full sync done), every block is written once through the device (so no round fills holes in a backing file), and they stay up. " +
            $"Every round, each side in turn, in an order rotated by one each round: a fresh filesystem (mkfs.ext4 {VolumeSide.MkfsOptions}) " +
            $"or an empty directory, `mariadb-install-db`, `mariadbd` of the benchmark's own (own config, unix socket, pid file and port on 127.0.0.1, " +
            $"running as root), `CREATE DATABASE sbtest`, sysbench prepare, sysbench run, mariadbd stopped by PID (SIGTERM), unmount. " +
            $"mariadbd and sysbench talk over the unix socket.");
        sb.AppendLine();
        sb.AppendLine("MariaDB settings (identical on every side; full durability, every commit flushed to the redo log and to the binlog):");
        sb.AppendLine();
        foreach (var s in MariaDbServer.Settings(o))
            sb.AppendLine(Inv, $"- `{s}`");
        foreach (var (side, e) in r.Effective)
            sb.AppendLine(Inv, $"- read back from the running server ({side}): `{e}`");
        sb.AppendLine();
        sb.AppendLine("Commands:");
        sb.AppendLine();
        foreach (var c in Sysbench.Describe(o))
            sb.AppendLine(Inv, $"- `{c}`");
    }

    static void Results(StringBuilder sb, SysbenchOptions o, SysbenchResults r)
    {
        sb.AppendLine();
        sb.AppendLine(Inv, $"## Results ({o.Rounds} rounds × {o.Seconds} s, {o.Threads} threads, {o.Tables} tables × {o.TableSize} rows)");
        sb.AppendLine();
        sb.AppendLine("Medians over rounds. Ratios are throughput ratios (for latency, the inverse: lower latency gives a higher ratio), so above 1 is better.");
        sb.AppendLine();
        double M(string side, Func<SysbenchResult, double> f) => Stats.Median(r.Samples.Where(s => s.Side == side).Select(s => f(s.R)));
        sb.AppendLine("| metric | replicated (C, peer) | single (no peer) | host fs | replicated / single | single / host | replicated / host |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        void Row(string metric, Func<SysbenchResult, double> f, bool lowerIsBetter = false)
        {
            double a = M(SideNames.Replicated, f), b = M(SideNames.Single, f), c = M(SideNames.Host, f);
            double Ratio(double x, double y) => lowerIsBetter ? y / x : x / y;
            sb.AppendLine(Inv, $"| {metric} | {F(a)} | {F(b)} | {F(c)} | {F(Ratio(a, b), "0.00")}× | {F(Ratio(b, c), "0.00")}× | {F(Ratio(a, c), "0.00")}× |");
        }
        Row("transactions/s", x => x.Tps);
        Row("queries/s", x => x.Qps);
        Row("latency avg ms", x => x.AvgMs, lowerIsBetter: true);
        Row("latency p95 ms", x => x.P95Ms, lowerIsBetter: true);
        sb.AppendLine();
        double tpsRatio = M(SideNames.Replicated, x => x.Tps) / M(SideNames.Single, x => x.Tps);
        var verdict = double.IsNaN(tpsRatio) ? "—" : tpsRatio >= Target ? "**met**" : "**missed**";
        sb.AppendLine(Inv, $"Target: replicated ≥ {Target:0.0}× of single in transactions/s → median ratio {F(tpsRatio, "0.00")}×: {verdict}.");
        sb.AppendLine();
        string PerRound(string x, string y) => string.Join(", ", Enumerable.Range(0, o.Rounds).Select(round =>
        {
            var a = r.Samples.FirstOrDefault(s => s.Round == round && s.Side == x);
            var b = r.Samples.FirstOrDefault(s => s.Round == round && s.Side == y);
            return a is null || b is null ? "—" : F(a.R.Tps / b.R.Tps, "0.00") + "×";
        }));
        sb.AppendLine(Inv, $"Per round, transactions/s (the spread shows the noise): replicated / single {PerRound(SideNames.Replicated, SideNames.Single)}; " +
            $"single / host {PerRound(SideNames.Single, SideNames.Host)}; replicated / host {PerRound(SideNames.Replicated, SideNames.Host)}.");
        sb.AppendLine();
        sb.AppendLine("Every run:");
        sb.AppendLine();
        sb.AppendLine("| round | order | side | tps | qps | avg ms | p95 ms | max ms | transactions | errors | reconnects | setup s | volume after the run |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in r.Samples)
            sb.AppendLine(Inv, $"| {s.Round + 1} | {s.Order + 1} | {s.Side} | {F(s.R.Tps)} | {F(s.R.Qps)} | {F(s.R.AvgMs, "0.00")} | {F(s.R.P95Ms, "0.00")} | " +
                $"{F(s.R.MaxMs, "0.00")} | {s.R.Transactions} | {s.R.Errors} | {s.R.Reconnects} | {F(s.SetupSeconds)} | {s.VolumeAfter ?? "—"} |");
    }

    static string F(double v, string format = "0.0") => double.IsNaN(v) || double.IsInfinity(v) ? "—" : v.ToString(format, Inv);

    static string Version(string file, string arg)
    {
        try { return Proc.Run(file, [arg]).Out.Trim().Split('\n')[0]; }
        catch (System.ComponentModel.Win32Exception) { return $"{file}: not found"; }
    }
}
