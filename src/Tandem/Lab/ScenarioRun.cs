using System.Diagnostics;

namespace Tandem.Lab;

/// <summary>
/// A scenario in progress: the lab, the node that held the group when the fault struck (<see cref="Failed"/>) and
/// the fault's time. The fault and restore actions of <see cref="ScenarioCatalog"/> live here.
/// </summary>
public sealed partial class ScenarioRun(Lab lab, ClusterWatcher watcher, LabNodeId failed, CancellationToken ct)
{
    Process? _stress;

    public Lab Lab => lab;
    public ClusterWatcher Watcher => watcher;
    public LabNodeId Failed => failed;
    public LabNodeId Survivor => failed.Peer;
    public CancellationToken Cancellation => ct;
    public DateTimeOffset FaultAt { get; private set; }

    /// <summary>When a failback was awaited: the time the failed node was back (its daemon running); the write outage of the failback is measured after it.</summary>
    public DateTimeOffset? ReturnedAt { get; private set; }

    void Say(string text) => lab.Progress.Say(text);

    void MarkFault(string what)
    {
        FaultAt = DateTimeOffset.UtcNow;
        Say($"FAULT: {what}");
    }

    public void HardwareFailure()
    {
        MarkFault($"{failed}: cables pulled, every process killed");
        lab.Topology.SetNodeLinks(failed, up: false);
        var killed = lab[failed].KillEverything();
        Say($"{failed}: killed pids {string.Join(", ", killed)}");
    }

    public void StopDaemon()
    {
        MarkFault($"{failed}: daemon stopped with SIGTERM");
        var clean = lab[failed].StopDaemon(TimeSpan.FromSeconds(90));
        Say(clean ? $"{failed}: daemon exited" : $"{failed}: daemon did not exit within 90 s of SIGTERM and was killed");
    }

    public void SignalMySqld(int signal)
    {
        var pid = lab.MariaDb[failed].Pid ?? throw new LabException($"{failed}: no running mysqld found by its pid file {lab.Layout.MySqlPidFile(failed)}");
        MarkFault($"{failed}: {(signal == NamespaceProcesses.SigKill ? "SIGKILL" : "SIGSTOP")} to mysqld (pid {pid})");
        NamespaceProcesses.Signal(pid, signal);
        _stoppedMySqld = signal == NamespaceProcesses.SigStop ? pid : null;
    }

    int? _stoppedMySqld;

    public void ContinueMySqld()
    {
        if (_stoppedMySqld is { } pid && NamespaceProcesses.IsAlive(pid))
        {
            Say($"{failed}: SIGCONT to the stopped mysqld (pid {pid}), which the cluster left behind");
            NamespaceProcesses.Signal(pid, NamespaceProcesses.SigCont);
        }
    }

    public void Standby()
    {
        MarkFault($"{failed}: tandem cluster standby");
        lab[failed].CliOk(lab.Layout.ConfigPath, "cluster", "standby");
    }

    public void CutReplicationLink()
    {
        MarkFault("replication network cut (heartbeat still flows on the LAN)");
        lab.Topology.SetReplicationLink(up: false);
    }

    public void RestoreReplicationLink(TimeSpan after)
    {
        Wait(after);
        Say("replication network restored");
        lab.Topology.SetReplicationLink(up: true);
    }

    public void StartCpuStress(TimeSpan duration)
    {
        MarkFault($"stress-ng saturating every CPU for {duration.TotalSeconds:0} s");
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ip", "netns", "exec", lab.Names.ClientNamespace, "stress-ng", "--cpu", "0", "--timeout", $"{(int)duration.TotalSeconds}s", "--quiet" })
            psi.ArgumentList.Add(a);
        try { _stress = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception e) { throw new LabException($"cannot run stress-ng ({e.Message}); install it with apt-get install stress-ng"); }
    }

    public void WaitCpuStress()
    {
        if (_stress is null)
            return;
        while (!_stress.WaitForExit(500))
            ct.ThrowIfCancellationRequested();
        if (_stress.ExitCode != 0)
            throw new LabException($"stress-ng failed (exit {_stress.ExitCode}): {_stress.StandardError.ReadToEnd().Trim()}; install it with apt-get install stress-ng");
        Say("stress-ng finished");
    }

    /// <summary>The failed node returns: cables back in, daemon started; optionally waits for the group to come home.</summary>
    public void BringBack(TimeSpan? holdFor = null, bool waitForFailback = false)
    {
        Wait(TimeSpan.FromSeconds(2));
        Say($"{failed}: coming back");
        lab.Topology.ForgetRuntimeAddresses(failed); // it rebooted: the VIP it held is no longer on its interface
        lab.Topology.SetNodeLinks(failed, up: true);
        if (lab[failed].DaemonPid is null)
            lab[failed].Boot(lab.Layout.ConfigPath);
        Say($"{failed}: daemon running again");
        if (waitForFailback)
        {
            ReturnedAt = DateTimeOffset.UtcNow;
            WaitUntil(() => watcher.Owner == failed, TimeSpan.FromSeconds(120), $"the group to move back to {failed} (auto_failback)");
            Say($"group back on {failed}");
        }
        if (holdFor is { } hold)
        {
            Say($"watching for {hold.TotalSeconds:0} s that the group stays on {Survivor}");
            Wait(hold);
        }
    }

    public void Wait(TimeSpan t)
    {
        if (ct.WaitHandle.WaitOne(t))
            ct.ThrowIfCancellationRequested();
    }

    public void WaitUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > limit)
                throw new LabException($"waited {limit.TotalSeconds:0} s for {what}; the daemons' logs tell why");
            Wait(TimeSpan.FromMilliseconds(200));
        }
    }
}
