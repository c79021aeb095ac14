using System.Globalization;
using Tandem.Bench;

// Tandem's volume over NBD against nbdkit's file plugin, on the same backing file and the same
// FUSE + loop block device path. Usage: tandem-bench nbd --tandem PATH [--rounds N] [--seconds S] [--out DIR]
// The replication mode is in ReplicationBench.cs, the sysbench mode in SysbenchBench.cs.
Machine.NoteCommit(); // the code as it was built, just before this started
try { CpuLatency.HoldFrom(args); }
catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"--cpu-dma-latency: {e.Message}");
    return 2;
}
if (args.Length > 0 && args[0] == "replication")
    return ReplicationBench.Run(args);
if (args.Length > 0 && args[0] == "sysbench")
    return SysbenchBench.Run(args);
if (args.Length == 0 || args[0] != "nbd")
{
    Console.Error.WriteLine("usage: Tandem.Bench nbd --tandem PATH_TO_TANDEM [--rounds 7] [--seconds 10] [--out bench/results]\n" + ReplicationOptions.Usage + "\n" + SysbenchOptions.Usage);
    return 2;
}
string Opt(string name, string dflt) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : dflt;
var tandem = Path.GetFullPath(Opt("--tandem", "artifacts/tandem/tandem"));
int rounds = int.Parse(Opt("--rounds", "7"), CultureInfo.InvariantCulture);
int seconds = int.Parse(Opt("--seconds", "10"), CultureInfo.InvariantCulture);
var outDir = Opt("--out", "bench/results");

var work = Directory.CreateTempSubdirectory("tandem-bench.").FullName;
var backing = Path.Combine(work, "r0.img");
var results = new List<(string Side, string Job, FioResult R)>();
try
{
// Every block written once before the rounds: a fallocated file's extents are "unwritten", and the
// first write to each one costs a journal commit at the next fdatasync, so whichever side ran
// first on a fresh file paid for it (measured: ~1000 vs ~1700 IOPS for the same side).
Shell.Run("dd", "if=/dev/zero", $"of={backing}", "bs=1M", "count=2048", "conv=fsync", "status=none");
using (var tandemSide = new TandemSide(tandem, work))
{
    var nbdkit = new NbdkitSide(work, backing);
    try
    {
        tandemSide.Prepare(backing);
        for (int round = 0; round < rounds; round++)
        {
            // Alternate the order so neither side always runs on a warmer machine.
            ISide[] order = round % 2 == 0 ? [tandemSide, nbdkit] : [nbdkit, tandemSide];
            foreach (var side in order)
            {
                var dev = side.Up();
                try
                {
                    Console.Error.WriteLine($"round {round + 1}/{rounds}: {side.Name} on {dev}");
                    results.Add((side.Name, "sync4k", Fio.SyncWrites4K(dev, seconds)));
                    results.Add((side.Name, "seq1m", Fio.Sequential1M(dev, seconds)));
                }
                finally { side.Down(); }
            }
        }
    }
    finally { nbdkit.Down(); }
}
}
catch (Exception e)
{
    Console.Error.WriteLine($"benchmark failed: {e}\nlogs kept in {work}");
    File.Delete(backing);
    return 1;
}
Directory.Delete(work, recursive: true);
var report = Report.Write(results, rounds, seconds, outDir, string.Join(' ', ["Tandem.Bench", .. args]));
Console.WriteLine(report);
return 0;
