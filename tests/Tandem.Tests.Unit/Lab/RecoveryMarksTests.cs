using Tandem.Lab;

namespace Tandem.Tests.Unit.Lab;

public sealed class RecoveryMarksTests
{
    static DateTimeOffset T(string hms) => DateTimeOffset.Parse($"2026-11-24T{hms}Z", System.Globalization.CultureInfo.InvariantCulture);

    static IEnumerable<DaemonLogLine> Log(string node, string text) => DaemonLogLine.Parse(node, text);

    // node-b's log around a hardware failure of node-a (trimmed from a real lab run).
    const string SurvivorLog = """
        --- lab: starting the daemon with /tmp/tdlab-1/tandem.toml at 2026-11-24T19:15:15.7800145+00:00
        2026-11-24T19:15:16.485Z warn: Tandem.Resources[2088] mysql::/tmp/tdlab-1/node/my.cnf: monitor Ok -> NotRunning: no mysqld running (pid file absent)
        2026-11-24T19:15:26.516Z warn: Tandem.Heartbeat[1912] late heartbeat from node-a: 0.5 s since the last one (warntime 0.5 s)
        2026-11-24T19:15:27.016Z warn: Tandem.Heartbeat[1910] node-a: Up → Dead: node-a dead after 1.0 s silence
        2026-11-24T19:15:27.019Z warn: Tandem.Resources[2003] group mysql: node-a is dead; taking the group over
        2026-11-24T19:15:27.023Z info: Tandem.Resources[2001] group mysql: IPaddr::10.231.0.88/24/eth0: Stopped -> Starting
        2026-11-24T19:15:27.059Z info: Tandem.Resources[2001] group mysql: IPaddr::10.231.0.88/24/eth0: Starting -> Started
        2026-11-24T19:15:27.062Z info: Tandem.Resources[2001] group mysql: volume::r0: Stopped -> Starting
        2026-11-24T19:15:27.799Z info: Tandem.Volume[1306] r0: Secondary/Unknown UpToDate/DUnknown Connecting -> Primary/Unknown UpToDate/DUnknown Connecting (primary)
        2026-11-24T19:15:27.992Z info: Tandem.Resources[2001] group mysql: volume::r0: Starting -> Started
        2026-11-24T19:15:27.993Z info: Tandem.Resources[2001] group mysql: Filesystem::/dev/tandem/r0::/tmp/tdlab-1/node/mnt::ext4: Stopped -> Starting
        2026-11-24T19:15:28.109Z info: Tandem.Resources[2001] group mysql: Filesystem::/dev/tandem/r0::/tmp/tdlab-1/node/mnt::ext4: Starting -> Started
        2026-11-24T19:15:28.109Z info: Tandem.Resources[2001] group mysql: mysql::/tmp/tdlab-1/node/my.cnf::start_timeout=60s: Stopped -> Starting
        2026-11-24T19:15:28.528Z info: Tandem.Resources[2081] mysql::/tmp/tdlab-1/node/my.cnf: mysqld pid 29461 accepts connections after 0.4 s
        2026-11-24T19:15:28.530Z info: Tandem.Resources[2001] group mysql: mysql::/tmp/tdlab-1/node/my.cnf::start_timeout=60s: Starting -> Started
        2026-11-24T19:15:28.530Z warn: Tandem.Resources[2003] group mysql: started on node-b
        2026-11-24T19:15:29.546Z info: Tandem.Resources[2092] mysql::/tmp/tdlab-1/node/my.cnf: monitor NotRunning -> Ok: answers again
        2026-11-24T19:15:40.000Z info: Tandem.Resources[2001] group mysql: volume::r0: Starting -> Started
        """;

    [Fact]
    public void ParsesTimestampLevelCategoryIdAndMessage()
    {
        var lines = Log("node-b", SurvivorLog).ToList();
        Assert.Equal(17, lines.Count); // the lab's own marker line is skipped
        var dead = lines[2];
        Assert.Equal(new DaemonLogLine("node-b", T("19:15:27.016"), "warn", "Tandem.Heartbeat", 1910,
            "node-a: Up → Dead: node-a dead after 1.0 s silence"), dead);
        Assert.Equal(TimeSpan.Zero, dead.At.Offset);
    }

    [Fact]
    public void SkipsTornAndForeignLines()
    {
        var text = "2026-11-24T19:15:27.016Z warn: Tandem.Heartbeat[1910] whole\n"
            + "   at Tandem.Something.Throw()\n"
            + "2026-11-24T19:15:27.016Z warn: Tandem.Heartbeat[99999999999] id too large\n"
            + "2026-13-24T19:15:27.016Z warn: Tandem.Heartbeat[1] no such month\n"
            + "2026-11-24T19:15:27.0";
        Assert.Equal(["whole"], Log("n", text).Select(l => l.Message));
    }

    [Fact]
    public void HardwareFailureBreakdownFromTheSurvivorsLog()
    {
        var fault = T("19:15:26.000");
        var b = RecoveryMarks.Compute(Log("node-b", SurvivorLog), "node-a", "node-b", fault, T("19:15:28.700"));
        Assert.Equal(new RecoveryBreakdown(1.016, 0.976, 0.117, 0.421, 0.17), b);
        Assert.Null(b.Stop);
        Assert.Equal(2.7, b.Detect!.Value + b.Promote!.Value + b.Mount!.Value + b.Service!.Value + b.FirstCommit!.Value, 3);
    }

    [Fact]
    public void AServiceThatAnsweredBeforeItsAgentSaidSoEndsAtTheFirstCommit()
    {
        var b = RecoveryMarks.Compute(Log("node-b", SurvivorLog), "node-a", "node-b", T("19:15:26.000"), T("19:15:28.400"));
        Assert.Equal(new RecoveryBreakdown(1.016, 0.976, 0.117, 0.291, 0.0), b);
    }

    [Fact]
    public void TheClientsFirstConnectionToTheNewServerEndsTheServicePhaseWhenItCameFirst()
    {
        var fault = T("19:15:26.000");
        var b = RecoveryMarks.Compute(Log("node-b", SurvivorLog), "node-a", "node-b", fault, T("19:15:28.450"), T("19:15:28.420"));
        Assert.Equal(new RecoveryBreakdown(1.016, 0.976, 0.117, 0.311, 0.03), b);
        // A connection after the agent's mark changes nothing; one before the mount (impossible) is not believed.
        Assert.Equal(new RecoveryBreakdown(1.016, 0.976, 0.117, 0.421, 0.17),
            RecoveryMarks.Compute(Log("node-b", SurvivorLog), "node-a", "node-b", fault, T("19:15:28.700"), T("19:15:28.650")));
        Assert.Equal(new RecoveryBreakdown(1.016, 0.976, 0.117, 0.421, 0.17),
            RecoveryMarks.Compute(Log("node-b", SurvivorLog), "node-a", "node-b", fault, T("19:15:28.700"), T("19:15:27.500")));
    }

    [Fact]
    public void APlannedHandoverHasAStopPhaseOnTheOldNode()
    {
        const string oldNode = """
            2026-11-24T19:16:23.989Z info: Tandem.Resources[2000] group mysql: Starting -> Started
            2026-11-24T19:16:30.695Z warn: Tandem.Resources[2003] group mysql: standby: handing the group to node-b
            2026-11-24T19:16:30.695Z info: Tandem.Resources[2001] group mysql: mysql::/x/my.cnf::start_timeout=60s: Started -> Stopping
            2026-11-24T19:16:31.151Z info: Tandem.Resources[2085] mysql::/x/my.cnf: mysqld pid 32125 exited after 0.5 s
            2026-11-24T19:16:31.350Z info: Tandem.Resources[2000] group mysql: Stopping -> Stopped
            """;
        const string newNode = """
            2026-11-24T19:16:31.497Z warn: Tandem.Resources[2003] group mysql: node-a handed the group over; starting it on node-b
            2026-11-24T19:16:31.979Z info: Tandem.Resources[2001] group mysql: volume::r0: Starting -> Started
            2026-11-24T19:16:32.070Z info: Tandem.Resources[2001] group mysql: Filesystem::/dev/tandem/r0::/x/mnt::ext4: Starting -> Started
            2026-11-24T19:16:32.849Z info: Tandem.Resources[2001] group mysql: mysql::/x/my.cnf::start_timeout=60s: Starting -> Started
            """;
        var b = RecoveryMarks.Compute(Log("node-a", oldNode).Concat(Log("node-b", newNode)), "node-a", "node-b",
            T("19:16:30.690"), T("19:16:33.000"));
        Assert.Equal(new RecoveryBreakdown(0.005, 0.629, 0.091, 0.779, 0.151) { Stop = 0.655 }, b);
    }

    [Fact]
    public void AReplicationLinkCutHoldsWritesUntilThePeerIsOutdated()
    {
        const string primary = """
            2026-11-24T10:00:01.010Z warn: Tandem.Replication.Link[1806] Volume r0: connection 1 to node-b lost: no answer to a ping within 1 s
            2026-11-24T10:00:01.020Z warn: Tandem.Volume[1850] r0: I/O suspended (fencing): the replication link is lost; new writes wait until node-b confirms its copy is Outdated, heartbeat declares it dead, or the link returns
            2026-11-24T10:00:01.030Z info: Tandem.Volume[1852] r0: asking node-b over heartbeat to mark its copy Outdated (generation 00000000000000AB)
            2026-11-24T10:00:01.400Z info: Tandem.Volume[1854] r0: node-b answered the outdate request for generation 00000000000000AB: Outdated
            2026-11-24T10:00:01.410Z warn: Tandem.Volume[1851] r0: I/O resumed: node-b's copy is Outdated
            """;
        var b = RecoveryMarks.Compute(Log("node-a", primary), "node-a", "node-a", T("10:00:00.000"), T("10:00:01.500"));
        Assert.Equal(new RecoveryBreakdown(1.02, null, null, null, 0.09) { Fence = 0.39 }, b);
        Assert.Equal(1.5, b.Detect!.Value + b.Fence!.Value + b.FirstCommit!.Value, 3);
    }

    [Fact]
    public void ARestartInPlaceHasNoPromotionOrMount()
    {
        const string log = """
            2026-11-24T10:00:01.200Z warn: Tandem.Resources[2088] mysql::/x/my.cnf: monitor Ok -> NotRunning: no mysqld running
            2026-11-24T10:00:01.210Z info: Tandem.Resources[2001] group mysql: mysql::/x/my.cnf: Failed -> Starting
            2026-11-24T10:00:02.000Z info: Tandem.Resources[2001] group mysql: mysql::/x/my.cnf: Starting -> Started
            """;
        var b = RecoveryMarks.Compute(Log("node-a", log), "node-a", "node-a", T("10:00:00.000"), T("10:00:02.500"));
        Assert.Equal(new RecoveryBreakdown(1.2, null, null, 0.8, 0.5), b);
        Assert.Null(b.Stop);
    }

    [Fact]
    public void NoReactionNoBreakdown()
    {
        const string log = """
            2026-11-24T10:00:01.200Z warn: Tandem.Heartbeat[1912] late heartbeat from node-a: 0.5 s since the last one (warntime 0.5 s)
            2026-11-24T10:00:02.200Z info: Tandem.Resources[2092] mysql::/x/my.cnf: monitor NotRunning -> Ok: answers again
            """;
        Assert.Equal(RecoveryBreakdown.None, RecoveryMarks.Compute(Log("node-a", log), "node-a", "node-b", T("10:00:00.000"), T("10:00:00.050")));
        Assert.Equal(RecoveryBreakdown.None, RecoveryMarks.Compute([], "node-a", "node-b", T("10:00:00.000"), null));
    }
}
