namespace Tandem.Bench;

/// <summary>
/// Part 1: fio on /dev/tandem/NAME on the Primary, for protocol C with a connected peer, protocol A
/// with a connected peer, and the same volume on one node with no peer. All three stay up for the
/// whole part; every round runs each side once, in a rotated order, so machine noise is spread.
/// </summary>
static class FioPart
{
    public const string C = "C (peer)", A = "A (peer)", Single = "single";

    public static void Run(ReplicationOptions o, string work, ReplicationResults results)
    {
        var sides = new List<(string Side, BenchVolume V)>();
        try
        {
            sides.Add((C, BenchVolume.Pair(o.Tandem, work, "fio-protocol-C", "C", o.FioSize)));
            sides.Add((A, BenchVolume.Pair(o.Tandem, work, "fio-protocol-A", "A", o.FioSize)));
            sides.Add((Single, BenchVolume.Single(o.Tandem, work, "fio-single", o.FioSize)));
            foreach (var (side, v) in sides)
            {
                Console.Error.WriteLine($"fio: setting up {side}: {v}");
                v.StartPrimary(TimeSpan.FromMinutes(5));
                // Every block written once, so all sides overwrite allocated blocks rather than fill holes.
                ReplicationFio.Fill(v.Device, 0, o.FioSize);
            }
            for (int round = 0; round < o.Rounds; round++)
            {
                for (int k = 0; k < sides.Count; k++)
                {
                    var (side, v) = sides[(k + round) % sides.Count];
                    Console.Error.WriteLine($"fio: round {round + 1}/{o.Rounds}: {side} on {v.Device}");
                    results.Fio.Add(Measure(round, side, "rand4k", v, () => ReplicationFio.RandSync4K(v.Device, o.FioSize, o.Seconds)));
                    results.Fio.Add(Measure(round, side, "seq1m", v, () => ReplicationFio.Sequential1M(v.Device, o.FioSize, o.Seconds)));
                }
            }
            foreach (var (side, v) in sides.Where(s => s.V.Nodes.Length > 1))
            {
                v.WaitInSync(TimeSpan.FromMinutes(2));
                var diff = v.FirstDifference(o.FioSize);
                results.Check($"fio {side}: after the runs both backing disks' data regions are byte-identical" +
                    (diff is { } d ? $" (first difference at byte {d})" : ""), diff is null);
            }
        }
        catch
        {
            foreach (var (_, v) in sides)
                v.KeepLogs(Path.Combine(o.Parent, "tandem-bench-replication-logs"));
            throw;
        }
        finally
        {
            for (int i = sides.Count - 1; i >= 0; i--)
                Cleanup.Dispose(sides[i].V);
        }
    }

    /// <summary>One fio job, with the CPU time the side's daemons used while it ran.</summary>
    static FioSample Measure(int round, string side, string job, BenchVolume v, Func<SyncFioResult> run)
    {
        var before = v.DaemonCpu();
        var result = run();
        return new FioSample(round, side, job, result, (v.DaemonCpu() - before).TotalSeconds);
    }
}
