using System.Diagnostics;
using System.Globalization;

namespace Tandem.Bench;

/// <summary>Starting, killing and stopping the node daemons, by PID, and removing what a killed one leaves.</summary>
sealed partial class BenchVolume
{
    bool _disposed;

    /// <summary>create-md, daemon and <c>volume up</c> on every node.</summary>
    public void StartAll()
    {
        foreach (var n in Nodes)
        {
            Cli(n, "volume", "create-md", Name);
            Start(n);
            Cli(n, "volume", "up", Name);
            if (Status(n).SizeBytes != Size)
                throw new InvalidOperationException($"{Label}: {n} reports size_bytes {Status(n).SizeBytes}, the benchmark made a backing file for {Size}");
        }
    }

    public void Start(string node)
    {
        var (file, args) = Placement.On(node, _tandem, ["daemon"]);
        var psi = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (k, v) in _env)
            psi.Environment[k] = v;
        psi.Environment["TANDEM_NODE"] = node;
        var daemon = Process.Start(psi)!;
        _daemons[node] = daemon;
        var log = new StreamWriter(Path.Combine(Dir, node + ".log"), append: true) { AutoFlush = true };
        daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        var sw = Stopwatch.StartNew();
        // The socket file appears when the daemon binds it, a moment before it listens: wait for an answer.
        while (!Answers(node))
        {
            if (daemon.HasExited)
                throw new InvalidOperationException($"{node}'s daemon exited at start; see {Path.Combine(Dir, node + ".log")}");
            if (sw.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"{node}'s daemon has no control socket after 30 s");
            Thread.Sleep(20);
        }
    }

    bool Answers(string node)
    {
        if (!File.Exists(ControlSocket(node)))
            return false;
        try
        {
            Send(node, new Tandem.Control.Protocol.ControlRequest("status"));
            return true;
        }
        catch (Exception e) when (e is Tandem.Control.DaemonUnreachableException or System.Net.Sockets.SocketException or IOException)
        {
            return false;
        }
    }

    /// <summary>Both nodes up and connected, alpha forced Primary, the initial full sync done (or a single node promoted).</summary>
    public void StartPrimary(TimeSpan syncLimit)
    {
        StartAll();
        if (Nodes.Length > 1)
            WaitFor("alpha", s => s.Connection.ToString() == "Connected", TimeSpan.FromSeconds(30), "the first connection");
        Request("alpha", "volume.primary", force: true);
        if (Nodes.Length > 1)
            WaitInSync(syncLimit);
        if (!File.Exists(Device))
            throw new InvalidOperationException($"no {Device} after promotion; see {Path.Combine(Dir, "alpha.log")}");
    }

    /// <summary>CPU time (user + system) the daemons of this volume have used so far, every node together.</summary>
    public TimeSpan DaemonCpu()
    {
        var total = TimeSpan.Zero;
        foreach (var p in _daemons.Values)
        {
            p.Refresh();
            if (!p.HasExited)
                total += p.TotalProcessorTime;
        }
        return total;
    }

    /// <summary>kill -9 of the node's daemon (by PID), and removal of the control socket and any device it leaves.</summary>
    public void KillHard(string node)
    {
        var p = _daemons[node];
        p.Kill();
        if (!p.WaitForExit(15_000))
            throw new InvalidOperationException($"{node}'s daemon (pid {p.Id}) did not die from SIGKILL");
        File.Delete(ControlSocket(node));
        CleanDevice(node);
    }

    void Stop(string node, Process p)
    {
        if (!p.HasExited)
        {
            try { Request(node, "volume.secondary"); }
            catch (Exception) { } // refused, or the daemon is already going away: it is stopped by PID next
            Proc.Run("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!p.WaitForExit(15_000))
            {
                Console.Error.WriteLine($"{Label}: {node}'s daemon (pid {p.Id}) ignored SIGTERM for 15 s; SIGKILL");
                p.Kill();
                p.WaitForExit(5_000);
            }
        }
        p.Dispose();
    }

    /// <summary>The loop device and FUSE mount a killed Primary leaves, and its /dev/tandem link.</summary>
    void CleanDevice(string node)
    {
        var fuseFile = Path.Combine(FuseDir(node), Name);
        foreach (var line in Proc.Run("losetup", ["-j", fuseFile]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Proc.Run("losetup", ["-d", line.Split(':')[0]]);
        if (Directory.Exists(FuseDir(node)))
            Proc.Run("umount", ["-l", FuseDir(node)]);
        if (node == "alpha")
            Tandem.Device.DeviceLinks.Remove(Name);
    }

    /// <summary>Use <see cref="Cleanup.Dispose"/>: daemons stopped by PID, devices removed, the directory deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var (node, p) in _daemons)
            Stop(node, p);
        foreach (var n in Nodes)
            CleanDevice(n);
        try
        {
            Directory.Delete(Dir, recursive: true);
            if (Nodes.Contains("beta") && Placement.PeerDir is not null)
                File.Delete(Backing("beta")); // outside Dir with --peer-dir (File.Delete throws once its directory is gone)
        }
        catch (IOException e) { Console.Error.WriteLine($"{Label}: could not remove {Dir}: {e.Message}"); }
    }
}
