namespace Tandem.Bench;

/// <summary>
/// <c>Tandem.Bench replication</c>: what replication costs on the write path, how fast a full sync
/// runs against the disk, and how resync time follows the dirty data. Runs the parts, cleans up
/// after each (and on Ctrl-C), and writes bench/results/replication-DATE.md.
/// </summary>
static class ReplicationBench
{
    public static int Run(string[] args)
    {
        ReplicationOptions o;
        try { o = ReplicationOptions.Parse(args); }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{e.Message}\n{ReplicationOptions.Usage}");
            return 2;
        }
        if (!File.Exists(o.Tandem))
        {
            Console.Error.WriteLine($"no tandem executable at {o.Tandem}; build it (dotnet build src/Tandem -c Release -o artifacts/tandem) or pass --tandem PATH");
            return 2;
        }
        var started = DateTimeOffset.UtcNow;
        var results = new ReplicationResults();
        var work = Cleanup.BeginRun(o.Parent, "replication", o.Cpus, o.PeerDir);
        string fileSystem = Machine.FileSystemOf(work);
        results.Load.Add(("start", Machine.Load1()));
        try
        {
            foreach (var (part, run) in new (string, Action<ReplicationOptions, string, ReplicationResults>)[]
                     { ("fio", FioPart.Run), ("fullsync", FullSyncPart.Run), ("resync", ResyncPart.Run) })
            {
                if (!o.Runs(part) || Cleanup.Interrupted)
                    continue;
                try { run(o, work, results); }
                catch (Exception e) when (!Cleanup.Interrupted)
                {
                    Console.Error.WriteLine($"{part} failed: {e}");
                    results.Failures.Add((part, e.Message));
                }
                results.Load.Add(($"after {part}", Machine.Load1()));
            }
        }
        finally
        {
            Cleanup.DisposeAll(); // the parts dispose what they made; this catches anything left, then the directory
        }
        var command = string.Join(' ', ["Tandem.Bench", .. args]);
        var report = ReplicationReport.Write(o, results, started, fileSystem, command);
        Console.WriteLine(report);
        return results.Failures.Count == 0 && results.Checks.All(c => c.Ok) ? 0 : 1;
    }
}

/// <summary>The run's working directory, removed at the end (its volumes remove their own parts first).</summary>
sealed class TempDirectory(string path) : IDisposable
{
    public void Dispose()
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }

    public override string ToString() => path;
}
