using System.Diagnostics;
using System.Text.Json;
using Tandem.Control;
using Tandem.Control.Protocol;
using Tandem.Daemon;
using Tandem.Volume;

namespace Tandem.Bench;

/// <summary>
/// Talking to the daemons over their control sockets, the way the <c>tandem</c> command does, but
/// without starting a process per question: polling every 50 ms stays cheap on a 2-core machine
/// and timed commands (promote, connect) are sent the moment the clock starts.
/// </summary>
sealed partial class BenchVolume
{
    ControlResponse Send(string node, ControlRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return ControlClient.SendAsync(ControlSocket(node), request, timeout.Token).GetAwaiter().GetResult();
    }

    /// <summary>A volume command (volume.primary, volume.connect, ...); a refusal stops the benchmark with the daemon's reason.</summary>
    public void Request(string node, string command, bool force = false)
    {
        var r = Send(node, new ControlRequest(command, Name, force));
        if (!r.Ok)
            throw new InvalidOperationException($"{Label}: {node}: {command}{(force ? " --force" : "")} refused: {r.Error}");
    }

    public VolumeStatus Status(string node) =>
        Send(node, new ControlRequest("volume.status", Name)).Result!.Value.Deserialize<List<VolumeStatus>>(ControlJson.Options)!.Single();

    /// <summary>The node's event journal (<c>tandem status --json</c> "events"), oldest first.</summary>
    public IReadOnlyList<EventEntry> Events(string node) =>
        Send(node, new ControlRequest("status")).Result!.Value.GetProperty("events").Deserialize<List<EventEntry>>(ControlJson.Options)!;

    public VolumeStatus WaitFor(string node, Func<VolumeStatus, bool> ok, TimeSpan limit, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var s = Status(node);
            if (ok(s))
                return s;
            if (sw.Elapsed > limit)
                throw new TimeoutException($"{Label}: {what}: not reached within {limit.TotalSeconds:0} s; {node} is {Describe(s)}; logs in {Dir}");
            Thread.Sleep(50);
        }
    }

    public static bool InSync(VolumeStatus s) =>
        s.Connection.ToString() == "Connected" && s.Disk.ToString() == "UpToDate" && s.PeerDisk.ToString() == "UpToDate";

    /// <summary>Connected and UpToDate/UpToDate seen on both nodes.</summary>
    public void WaitInSync(TimeSpan limit)
    {
        foreach (var n in Nodes)
            WaitFor(n, InSync, limit, $"{n} Connected and UpToDate/UpToDate");
    }

    public static string Describe(VolumeStatus s) =>
        $"{s.Role}/{s.PeerRole} {s.Connection} {s.Disk}/{s.PeerDisk} out_of_sync={s.OutOfSyncBytes}" +
        (s.Sync is { } p ? $" sync={p.DonePercent:0.0}% {p.SpeedBytesPerS / 1e6:0.0} MB/s" : "");

    /// <summary>The first offset where the data regions of the two backing files differ, or null when they are identical.</summary>
    public long? FirstDifference(long size)
    {
        using var a = File.OpenRead(Backing("alpha"));
        using var b = File.OpenRead(Backing("beta"));
        var bufA = new byte[4 << 20];
        var bufB = new byte[4 << 20];
        for (long done = 0; done < size;)
        {
            int n = (int)Math.Min(bufA.Length, size - done);
            a.ReadExactly(bufA, 0, n);
            b.ReadExactly(bufB, 0, n);
            int at = bufA.AsSpan(0, n).CommonPrefixLength(bufB.AsSpan(0, n));
            if (at < n)
                return done + at;
            done += n;
        }
        return null;
    }
}
