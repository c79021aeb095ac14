using System.Diagnostics;

namespace Tandem.Bench;

/// <summary>
/// Part 3: incremental resync. The secondary goes away (kill -9, or <c>volume disconnect</c>), N MiB
/// are written through /dev/tandem/NAME on the Primary, the secondary comes back, and the time until
/// UpToDate/UpToDate on both is measured together with the bytes the target reports receiving. The
/// dirty sizes run in a rotated order each round.
/// </summary>
static class ResyncPart
{
    public static void Run(ReplicationOptions o, string work, ReplicationResults results)
    {
        var v = BenchVolume.Pair(o.Tandem, work, "resync", "C", o.Size);
        var random = new Random(20261124);
        try
        {
            Console.Error.WriteLine($"resync: setting up {v}");
            v.StartPrimary(TimeSpan.FromMinutes(10));
            for (int round = 0; round < o.Rounds; round++)
            {
                for (int k = 0; k < o.Dirty.Length; k++)
                {
                    long dirty = o.Dirty[(k + round) % o.Dirty.Length];
                    Console.Error.WriteLine($"resync: round {round + 1}/{o.Rounds}: {dirty >> 20} MiB dirty, secondary away by {o.Away}");
                    results.Resync.Add(One(o, v, round, dirty, random.NextInt64(0, (o.Size - dirty >> 20) + 1) << 20));
                }
            }
            var mismatched = results.Resync.Where(r => r.OutOfSync != r.Dirty || r.EventBytes != r.Dirty).ToList();
            results.Check("resync: the primary counted exactly the written bytes as out of sync, and exactly those travelled" +
                string.Concat(mismatched.Select(r => $"; {r.Dirty} written: {r.OutOfSync} out of sync, {r.EventBytes} received")), mismatched.Count == 0);
            var diff = v.FirstDifference(o.Size);
            results.Check("resync: both backing disks' data regions are byte-identical after the last resync" +
                (diff is { } d ? $" (first difference at byte {d})" : ""), diff is null);
        }
        catch
        {
            v.KeepLogs(Path.Combine(o.Parent, "tandem-bench-replication-logs"));
            throw;
        }
        finally { Cleanup.Dispose(v); }
    }

    static ResyncSample One(ReplicationOptions o, BenchVolume v, int round, long dirty, long offset)
    {
        if (o.Away == "kill")
            v.KillHard("beta");
        else
            v.Request("beta", "volume.disconnect");
        v.WaitFor("alpha", s => s.Connection.ToString() != "Connected", TimeSpan.FromSeconds(30), "the primary notices the secondary is gone");
        ReplicationFio.Fill(v.Device, offset, dirty);
        long outOfSync = v.Status("alpha").OutOfSyncBytes;

        var since = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        if (o.Away == "kill")
        {
            // The daemon brings its volumes up while it starts, so the clock starts with the process;
            // the explicit up is then a no-op, as an operator's would be.
            v.Start("beta");
            v.Request("beta", "volume.up");
        }
        else
            v.Request("beta", "volume.connect");
        while (true)
        {
            var a = v.Status("alpha");
            var b = v.Status("beta");
            if (BenchVolume.InSync(a) && BenchVolume.InSync(b))
                break;
            if (sw.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"resync of {dirty} dirty bytes not finished after 5 minutes: alpha {BenchVolume.Describe(a)}, beta {BenchVolume.Describe(b)}");
            Thread.Sleep(50);
        }
        double wall = sw.Elapsed.TotalSeconds;
        var (bytes, seconds) = FullSyncPart.LastResync(v, "beta", since);
        return new ResyncSample(round, dirty, outOfSync, wall, seconds, bytes);
    }
}
