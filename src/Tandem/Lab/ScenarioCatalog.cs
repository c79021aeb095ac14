using System.Globalization;

namespace Tandem.Lab;

/// <summary>The scenarios of <c>tandem lab run</c> (the names, in order).</summary>
public static class ScenarioCatalog
{
    /// <summary>How long the CPU soak lasts (seconds): TANDEM_LAB_SOAK_S, default 60 (CI uses a short one).</summary>
    public static TimeSpan SoakDuration =>
        int.TryParse(Environment.GetEnvironmentVariable("TANDEM_LAB_SOAK_S"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s) : TimeSpan.FromSeconds(60);

    public static IReadOnlyList<ScenarioDefinition> All { get; } =
    [
        new("hardware-failure", "kill every process of the primary node and pull its cables; the peer takes over",
            r => r.HardwareFailure(), r => r.BringBack())
        { ExpectedFailovers = 1, EndsOnFailedNode = false },
        new("daemon-stop", "stop the primary's daemon gracefully (SIGTERM); the peer takes over",
            r => r.StopDaemon(), r => r.BringBack())
        { ExpectedFailovers = 1, EndsOnFailedNode = false },
        new("mysqld-kill", "SIGKILL mysqld on the primary; restarted in place or failed over",
            r => r.SignalMySqld(NamespaceProcesses.SigKill), _ => { })
        { MaxFailovers = 1 },
        new("mysqld-hang", "SIGSTOP mysqld on the primary (a hang): its monitor times out, it is detected as hung and the group fails over",
            r => r.SignalMySqld(NamespaceProcesses.SigStop), r => r.ContinueMySqld())
        { ExpectedFailovers = 1, EndsOnFailedNode = false },
        new("switchover", "planned switchover with tandem cluster standby on the primary",
            r => r.Standby(), _ => { })
        { ExpectedFailovers = 1, EndsOnFailedNode = false },
        new("failback-off", "hardware failure, then the old primary returns with auto_failback = false: the group stays",
            r => r.HardwareFailure(), r => r.BringBack(holdFor: TimeSpan.FromSeconds(10)))
        { ExpectedFailovers = 1, EndsOnFailedNode = false, Settings = new LabClusterSettings { AutoFailback = false } },
        new("failback-on", "hardware failure, then the old primary returns with auto_failback = true: the group moves back",
            r => r.HardwareFailure(), r => r.BringBack(waitForFailback: true))
        { ExpectedFailovers = 2, MaxFailovers = 2, EndsOnFailedNode = true, Settings = new LabClusterSettings { AutoFailback = true } },
        new("replication-link-cut", "cut the replication network alone for 5 s; no failover, resync after",
            r => r.CutReplicationLink(), r => r.RestoreReplicationLink(TimeSpan.FromSeconds(5)))
        { ExpectedFailovers = 0, EndsOnFailedNode = true },
        new("soak-cpu-stress", "no fault, every CPU saturated by stress-ng: zero failovers",
            r => r.StartCpuStress(SoakDuration), r => r.WaitCpuStress())
        { ExpectedFailovers = 0, EndsOnFailedNode = true },
    ];

    public static ScenarioDefinition? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
