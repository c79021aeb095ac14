using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// Part 2: the initial full sync of a fresh volume (alpha's data region filled with data first, beta's backing
/// file sparse; every block travels), timed
/// from <c>primary --force</c> to UpToDate/UpToDate on both nodes, against dd writing the same number
/// of bytes on the filesystem of the backing files. Each round uses a fresh pair; the order of the
/// two measurements alternates.
/// </summary>
static partial class FullSyncPart
{
    public static void Run(ReplicationOptions o, string work, ReplicationResults results)
    {
        for (int round = 0; round < o.Rounds; round++)
        {
            double disk = 0;
            (double Wall, double Event, long Bytes, long Peak) sync = default;
            foreach (var step in round % 2 == 0 ? new[] { "disk", "sync" } : ["sync", "disk"])
            {
                Console.Error.WriteLine($"fullsync: round {round + 1}/{o.Rounds}: {step}");
                if (step == "disk")
                    disk = ReplicationFio.DiskWrite(Path.Combine(work, "disk-reference.img"), o.Size);
                else
                    sync = OneSync(o, work, round, results);
            }
            results.FullSync.Add(new FullSyncSample(round, o.Size, disk, sync.Wall, sync.Event, sync.Bytes, sync.Peak));
        }
    }

    static (double Wall, double Event, long Bytes, long Peak) OneSync(ReplicationOptions o, string work, int round, ReplicationResults results)
    {
        var v = BenchVolume.Pair(o.Tandem, work, $"fullsync-{round + 1}", "C", o.Size);
        try
        {
            v.StartAll();
            v.WaitFor("alpha", s => s.Connection.ToString() == "Connected", TimeSpan.FromSeconds(30), "the first connection");
            // The source holds data (a sparse file's holes would cost the kernel a page of zeroes per page read, which a
            // real disk does not); it stays in alpha's page cache, standing in for a source disk that reads at its own
            // speed on its own machine while the target's disk is the one measured.
            ReplicationFio.FillFile(v.Backing("alpha"), o.Size);
            long peak = 0;
            var sw = Stopwatch.StartNew();
            v.Request("alpha", "volume.primary", force: true);
            while (true)
            {
                var a = v.Status("alpha");
                var b = v.Status("beta");
                peak = Math.Max(peak, Math.Max(a.Sync?.SpeedBytesPerS ?? 0, b.Sync?.SpeedBytesPerS ?? 0));
                if (BenchVolume.InSync(a) && BenchVolume.InSync(b))
                    break;
                if (sw.Elapsed > TimeSpan.FromMinutes(10))
                    throw new TimeoutException($"full sync of {o.Size} bytes not finished after 10 minutes: alpha {BenchVolume.Describe(a)}, beta {BenchVolume.Describe(b)}");
                Thread.Sleep(50);
            }
            double wall = sw.Elapsed.TotalSeconds;
            var (bytes, seconds) = LastResync(v, "beta");
            results.Check($"full sync round {round + 1}: the target received the whole data region ({bytes} of {o.Size} bytes)", bytes == o.Size);
            if (round == 0)
            {
                var diff = v.FirstDifference(o.Size);
                results.Check("full sync: both backing disks' data regions are byte-identical" + (diff is { } d ? $" (first difference at byte {d})" : ""), diff is null);
            }
            return (wall, seconds, bytes, peak);
        }
        catch
        {
            v.KeepLogs(Path.Combine(o.Parent, "tandem-bench-replication-logs"));
            throw;
        }
        finally { Cleanup.Dispose(v); }
    }

    [GeneratedRegex(@"resync finished: (\d+) bytes received in ([0-9.]+) s")]
    private static partial Regex ResyncFinished();

    /// <summary>
    /// The newest resync of <paramref name="node"/> as its event journal tells it, at or after <paramref name="since"/>:
    /// the bytes from "resync finished: N bytes received", and the time from the "resync started as SyncTarget"
    /// event to that one, to the millisecond (the text itself rounds to a tenth of a second). The journal gets the
    /// event just after the state change, so it is waited for briefly.
    /// </summary>
    public static (long Bytes, double Seconds) LastResync(BenchVolume v, string node, DateTimeOffset since = default)
    {
        for (var sw = Stopwatch.StartNew(); sw.Elapsed < TimeSpan.FromSeconds(5); Thread.Sleep(50))
        {
            var events = v.Events(node).Where(e => e.At >= since).ToList();
            int end = events.FindLastIndex(e => ResyncFinished().IsMatch(e.Text));
            if (end < 0)
                continue;
            var m = ResyncFinished().Match(events[end].Text);
            int begin = events.FindLastIndex(end, e => e.Text.Contains("resync started as SyncTarget", StringComparison.Ordinal));
            double seconds = begin >= 0 ? (events[end].At - events[begin].At).TotalSeconds
                : double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), seconds);
        }
        throw new InvalidOperationException($"{v.Label}: {node} reached UpToDate without a 'resync finished: N bytes received' event");
    }
}
