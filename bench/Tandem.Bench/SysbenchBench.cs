using System.Diagnostics;

namespace Tandem.Bench;

/// <summary>One side's run in one round.</summary>
sealed record SysbenchSample(int Round, int Order, string Side, SysbenchResult R, double SetupSeconds, string? VolumeAfter);

/// <summary>Everything one run measured and checked, for the report.</summary>
sealed class SysbenchResults
{
    public List<SysbenchSample> Samples { get; } = [];
    public List<(string What, bool Ok)> Checks { get; } = [];
    public List<(string Where, string Error)> Failures { get; } = [];
    public List<(string When, double Load)> Load { get; } = [];
    /// <summary>Per side, the settings read back from the running server (the first round's).</summary>
    public Dictionary<string, string> Effective { get; } = [];

    public void Check(string what, bool ok)
    {
        Checks.Add((what, ok));
        Console.Error.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
    }
}

/// <summary>
/// <c>Tandem.Bench sysbench</c>: sysbench oltp_write_only against MariaDB with full durability on
/// the replicated volume (protocol C, peer connected), on the same volume without a peer, and on the
/// host's own filesystem. The volumes stay up for the whole run; every round each side gets a fresh
/// ext4 (or directory), a fresh datadir and server, prepare, run, stop, unmount, in an order rotated
/// by one each round. Writes bench/results/sysbench-DATE.md.
/// </summary>
static class SysbenchBench
{
    public static int Run(string[] args)
    {
        SysbenchOptions o;
        try { o = SysbenchOptions.Parse(args); }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{e.Message}\n{SysbenchOptions.Usage}");
            return 2;
        }
        if (!File.Exists(o.Tandem) && (o.Runs(SideNames.Replicated) || o.Runs(SideNames.Single)))
        {
            Console.Error.WriteLine($"no tandem executable at {o.Tandem}; build it (dotnet build src/Tandem -c Release -o artifacts/tandem) or pass --tandem PATH");
            return 2;
        }
        var started = DateTimeOffset.UtcNow;
        var results = new SysbenchResults();
        var work = Cleanup.BeginRun(o.Parent, "sysbench", o.Cpus, o.PeerDir);
        results.Load.Add(("start", Machine.Load1()));
        var sides = new List<SysbenchSide>();
        try
        {
            if (o.Runs(SideNames.Replicated))
                sides.Add(new VolumeSide(SideNames.Replicated, BenchVolume.Pair(o.Tandem, work, "replicated", "C", o.Size), Path.Combine(work, "mnt-replicated")));
            if (o.Runs(SideNames.Single))
                sides.Add(new VolumeSide(SideNames.Single, BenchVolume.Single(o.Tandem, work, "single", o.Size), Path.Combine(work, "mnt-single")));
            if (o.Runs(SideNames.Host))
                sides.Add(new HostSide(Path.Combine(work, "host")));
            foreach (var v in sides.OfType<VolumeSide>())
                v.Start();
            results.Load.Add(("volumes up", Machine.Load1()));
            for (int round = 0; round < o.Rounds && !Cleanup.Interrupted; round++)
            {
                for (int k = 0; k < sides.Count && !Cleanup.Interrupted; k++)
                {
                    var side = sides[(k + round) % sides.Count];
                    try { results.Samples.Add(RunSide(o, work, side, round, k, results)); }
                    catch (Exception e) when (!Cleanup.Interrupted)
                    {
                        Console.Error.WriteLine($"round {round + 1} {side.Name} failed: {e}");
                        results.Failures.Add(($"round {round + 1}, {side.Name}", e.Message));
                    }
                }
                results.Load.Add(($"after round {round + 1}", Machine.Load1()));
            }
            foreach (var v in sides.OfType<VolumeSide>().Where(s => s.Volume.Nodes.Length > 1))
            {
                v.Volume.WaitInSync(TimeSpan.FromMinutes(2));
                var diff = v.Volume.FirstDifference(v.Volume.Size);
                results.Check($"{v.Name}: after the runs both backing disks' data regions are byte-identical" +
                    (diff is { } d ? $" (first difference at byte {d})" : ""), diff is null);
            }
        }
        catch (Exception e) when (!Cleanup.Interrupted)
        {
            Console.Error.WriteLine($"sysbench benchmark failed: {e}");
            results.Failures.Add(("setup", e.Message));
            foreach (var v in sides.OfType<VolumeSide>())
                v.Volume.KeepLogs(Path.Combine(o.Parent, "tandem-bench-sysbench-logs"));
        }
        catch (Exception) when (Cleanup.Interrupted)
        {
            // A signal ended a child program under us; its handler is cleaning up and ends the process.
            Thread.Sleep(Timeout.Infinite);
        }
        finally
        {
            Cleanup.DisposeAll(); // servers, mounts and volumes are tracked there (newest first), then the directory
        }
        var command = string.Join(' ', ["Tandem.Bench", .. args]);
        var report = SysbenchReport.Write(o, results, started, Machine.FileSystemOf(o.Parent), command);
        Console.WriteLine(report);
        return results.Failures.Count == 0 && results.Checks.All(c => c.Ok) ? 0 : 1;
    }

    static SysbenchSample RunSide(SysbenchOptions o, string work, SysbenchSide side, int round, int order, SysbenchResults results)
    {
        Console.Error.WriteLine($"sysbench: round {round + 1}/{o.Rounds}: {side.Name}: filesystem, datadir, server, prepare");
        var setup = Stopwatch.StartNew();
        var dataDir = side.Open(round);
        MariaDbServer? server = null;
        try
        {
            server = Cleanup.Track(new MariaDbServer(side.Name, dataDir, Path.Combine(work, "run-" + side.Name), o));
            server.InstallAndStart();
            results.Effective.TryAdd(side.Name, server.Effective());
            Sysbench.Prepare(o, server);
            var before = side.State();
            if (side.Name == SideNames.Replicated)
                results.Check($"round {round + 1}: {side.Name} before the run: {before}", before is { } b && b.Contains("Connected", StringComparison.Ordinal) && b.Contains("protocol=C", StringComparison.Ordinal));
            setup.Stop();
            Console.Error.WriteLine($"sysbench: round {round + 1}/{o.Rounds}: {side.Name}: run {o.Seconds} s with {o.Threads} threads");
            var r = Sysbench.Run(o, server);
            var after = side.State();
            if (side.Name == SideNames.Replicated)
                results.Check($"round {round + 1}: {side.Name} after the run: {after}", after is { } a && a.Contains("Connected", StringComparison.Ordinal));
            Console.Error.WriteLine($"sysbench: round {round + 1}/{o.Rounds}: {side.Name}: {r.Tps:0.0} tps, {r.Qps:0.0} qps, avg {r.AvgMs:0.00} ms, p95 {r.P95Ms:0.00} ms");
            return new SysbenchSample(round, order, side.Name, r, setup.Elapsed.TotalSeconds, after);
        }
        catch when (server is not null)
        {
            Console.Error.WriteLine($"{side.Name}: mariadbd's log: {server.Tail(12)}");
            throw;
        }
        finally
        {
            Cleanup.Dispose(server);
            side.Close();
        }
    }
}

/// <summary>The sides' names, as the report and the <c>--sides</c> option spell them.</summary>
static class SideNames
{
    public const string Replicated = "replicated", Single = "single", Host = "host";
}
