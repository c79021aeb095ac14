using System.Text;

namespace Tandem.Bench;

/// <summary>The full-sync and incremental-resync sections.</summary>
static partial class ReplicationReport
{
    const double MiB = 1 << 20, GiB = 1 << 30;

    static void FullSyncSection(StringBuilder sb, ReplicationOptions o, ReplicationResults r)
    {
        sb.AppendLine();
        sb.AppendLine(Inv, $"## 2. Full sync against the disk ({o.Size >> 20} MiB volume, {o.Rounds} rounds)");
        sb.AppendLine();
        sb.AppendLine("Each round: a fresh pair with sparse backing files, both nodes up and connected; alpha's data region is then filled with " +
            "data through the page cache (`fio --rw=write --bs=1M --ioengine=psync --end_fsync=1` on the backing file), so the source reads " +
            "real data that stays cached, as a source disk reading at its own speed on its own machine would deliver it, and the target's " +
            "disk is the one measured (reading holes of a sparse file costs the kernel a zeroed page each, which no real disk does). " +
            "Every block of the data region travels. " +
            "then the time from `volume primary NAME --force` on alpha to Connected and UpToDate/UpToDate seen on both nodes (control socket polled every 50 ms). " +
            "The target's event journal gives the daemon's own byte count (`resync finished: N bytes received`) and time (from its " +
            "`resync started as SyncTarget` event to that one, journal timestamps). " +
            "The disk reference writes the same number of bytes on the same filesystem; the two measurements alternate in order each round.");
        sb.AppendLine(Inv, $"- disk: `{ReplicationFio.DescribeDisk(o.Size)}`");
        sb.AppendLine();
        sb.AppendLine("| round | disk (dd) MiB/s | full sync MiB/s (observed) | full sync s (observed) | target's own s | bytes received | peak reported speed MiB/s | sync / disk |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var s in r.FullSync)
            sb.AppendLine(Inv, $"| {s.Round + 1} | {F(s.Size / MiB / s.DiskSeconds)} | {F(s.Size / MiB / s.SyncWallSeconds)} | {F(s.SyncWallSeconds, "0.00")} | " +
                $"{F(s.SyncEventSeconds, "0.00")} | {s.SyncBytes} | {F(s.PeakReportedSpeed / MiB)} | {F(s.DiskSeconds / s.SyncWallSeconds, "0.00")}× |");
        double disk = Stats.Median(r.FullSync.Select(s => s.Size / MiB / s.DiskSeconds));
        double sync = Stats.Median(r.FullSync.Select(s => s.Size / MiB / s.SyncWallSeconds));
        double own = Stats.Median(r.FullSync.Where(s => s.SyncEventSeconds > 0).Select(s => s.SyncBytes / MiB / s.SyncEventSeconds));
        sb.AppendLine();
        sb.AppendLine(Inv, $"Medians: disk {F(disk)} MiB/s, full sync {F(sync)} MiB/s observed ({F(own)} MiB/s by the daemon's own time). " +
            $"Full sync / disk: **{F(sync / disk, "0.00")}×** (target ≥ 0.8× → {Verdict(sync / disk, 0.8, atMost: false)}); by the daemon's time {F(own / disk, "0.00")}×.");
    }

    static void ResyncSection(StringBuilder sb, ReplicationOptions o, ReplicationResults r)
    {
        sb.AppendLine();
        sb.AppendLine(Inv, $"## 3. Incremental resync against dirty data ({o.Size >> 20} MiB volume, protocol C, {o.Rounds} rounds)");
        sb.AppendLine();
        sb.AppendLine(o.Away == "kill"
            ? "Each run: kill -9 of the secondary's daemon; N MiB written through /dev/tandem/NAME on the Primary (1 MiB direct writes at a random offset, fsync at the end); " +
              "then the time from starting the secondary's daemon again (it brings its volumes up as it starts; `volume up` follows as a no-op) " +
              "to Connected and UpToDate/UpToDate on both nodes."
            : "Each run: `volume disconnect` on the secondary; N MiB written through /dev/tandem/NAME on the Primary (1 MiB direct writes at a random offset, fsync at the end); " +
              "then the time from `volume connect` on the secondary to Connected and UpToDate/UpToDate on both nodes.");
        sb.AppendLine((o.Away == "kill" ? "The observed time includes the daemon's start, attaching, connecting and the handshake; " : "The observed time includes connecting and the handshake; ") +
            "the target's own time runs from its `resync started as SyncTarget` event to its `resync finished` event (journal timestamps) " +
            "and covers the transfer alone. Sizes run in a rotated order each round.");
        sb.AppendLine();
        sb.AppendLine("| dirty MiB | out of sync on the primary (bytes, median) | received by the target (bytes, median) | target's own s (median) | s per dirty GiB (target's time) | observed s (median) | s per dirty GiB (observed) |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in r.Resync.GroupBy(s => s.Dirty).OrderBy(g => g.Key))
        {
            double gib = g.Key / GiB, wall = Stats.Median(g.Select(s => s.WallSeconds)), own = Stats.Median(g.Select(s => s.EventSeconds));
            sb.AppendLine(Inv, $"| {g.Key >> 20} | {F(Stats.Median(g.Select(s => (double)s.OutOfSync)), "0")} | {F(Stats.Median(g.Select(s => (double)s.EventBytes)), "0")} | " +
                $"{F(own, "0.000")} | {F(own / gib, "0.00")} | {F(wall, "0.00")} | {F(wall / gib, "0.00")} |");
        }
        var x = r.Resync.Select(s => s.Dirty / GiB).ToList();
        var (a, b, r2) = Stats.Fit(x, r.Resync.Select(s => s.WallSeconds).ToList());
        var (a2, b2, r22) = Stats.Fit(x, r.Resync.Select(s => s.EventSeconds).ToList());
        sb.AppendLine();
        sb.Append(Inv, $"Least-squares line over every run, by the target's own time: **t = {F(a2, "0.000")} s + {F(b2, "0.00")} s/GiB × dirty GiB** (R² = {F(r22, "0.000")}); ");
        sb.AppendLine(Inv, $"observed: t = {F(a, "0.00")} s + {F(b, "0.00")} s/GiB × dirty GiB (R² = {F(r2, "0.000")}).");
        sb.AppendLine("Proportional means the slope carries the time and the intercept stays small.");
        sb.AppendLine();
        sb.AppendLine("```");
        double top = r.Resync.Count == 0 ? 1 : Math.Max(1e-3, r.Resync.Max(s => s.EventSeconds));
        foreach (var s in r.Resync.OrderBy(s => s.Dirty).ThenBy(s => s.Round))
            sb.AppendLine(Inv, $"{s.Dirty >> 20,5} MiB | {new string('#', (int)Math.Round(50 * s.EventSeconds / top)),-50} {s.EventSeconds:0.000} s (target's own time)");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("Every run:");
        sb.AppendLine();
        sb.AppendLine("| round | dirty MiB | out of sync bytes | received bytes | target's own s | observed s |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in r.Resync)
            sb.AppendLine(Inv, $"| {s.Round + 1} | {s.Dirty >> 20} | {s.OutOfSync} | {s.EventBytes} | {F(s.EventSeconds, "0.000")} | {F(s.WallSeconds, "0.00")} |");
    }
}
