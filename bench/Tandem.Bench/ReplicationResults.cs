namespace Tandem.Bench;

/// <summary>
/// One fio run on one side (protocol C with a peer, protocol A with a peer, or a single node), and the CPU time the
/// side's daemons used meanwhile (both nodes' for a pair).
/// </summary>
sealed record FioSample(int Round, string Side, string Job, SyncFioResult R, double DaemonCpuSeconds)
{
    /// <summary>Daemon CPU per MiB written, ms.</summary>
    public double CpuMsPerMiB => R.WrittenBytes > 0 ? DaemonCpuSeconds * 1000 / (R.WrittenBytes / (double)(1 << 20)) : double.NaN;

    /// <summary>Daemon CPU per write (+fdatasync), µs.</summary>
    public double CpuUsPerWrite => R.Writes > 0 ? DaemonCpuSeconds * 1e6 / R.Writes : double.NaN;
}

/// <summary>
/// One full-sync round: the disk's own sequential write of the same size, and the time from
/// <c>primary --force</c> to UpToDate/UpToDate on both nodes (observed, and as the target daemon reports it).
/// </summary>
sealed record FullSyncSample(int Round, long Size, double DiskSeconds, double SyncWallSeconds, double SyncEventSeconds, long SyncBytes, long PeakReportedSpeed);

/// <summary>One incremental resync: bytes written while the secondary was away, and how long it took to catch up.</summary>
sealed record ResyncSample(int Round, long Dirty, long OutOfSync, double WallSeconds, double EventSeconds, long EventBytes);

/// <summary>Everything one run measured and checked, for the report.</summary>
sealed class ReplicationResults
{
    public List<FioSample> Fio { get; } = [];
    public List<FullSyncSample> FullSync { get; } = [];
    public List<ResyncSample> Resync { get; } = [];
    /// <summary>Correctness checks made along the way ("data regions identical", ...), and whether they held.</summary>
    public List<(string What, bool Ok)> Checks { get; } = [];
    /// <summary>A part that could not finish, with the reason (the other parts still run).</summary>
    public List<(string Part, string Error)> Failures { get; } = [];
    /// <summary>1-minute load average, sampled at the start and after every part.</summary>
    public List<(string When, double Load)> Load { get; } = [];

    public void Check(string what, bool ok)
    {
        Checks.Add((what, ok));
        Console.Error.WriteLine($"check: {what}: {(ok ? "ok" : "FAILED")}");
    }
}
