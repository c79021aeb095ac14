using Tandem.Config;
using Tandem.Storage;
using Tandem.Volume;

namespace Tandem.Tests.Simulation.Sim;

/// <summary>
/// One seeded run: bootstrap, a random sequence of faults while the application writes, then heal and
/// check. Invariants checked: acknowledged writes survive a Primary crash (protocol C), a Secondary
/// never serves I/O, diverged data is reported as split brain, and after healing both replicas are
/// byte-identical and the survivor holds every acknowledged write. With fencing (most seeds), a Primary
/// that lost only the replication link loses no acknowledged write when it then crashes and whatever
/// may be promoted is: heartbeat is separate from the link and is cut only where a scenario says so.
/// </summary>
public static class SimScenario
{
    public static SimCluster Run(int seed)
    {
        var r = new Random(seed);
        var protocol = (seed % 5) switch { 0 => ReplicationProtocol.A, 1 => ReplicationProtocol.B, _ => ReplicationProtocol.C };
        var fencing = seed % 4 == 3 ? FencingPolicy.DontCare : FencingPolicy.ResourceOnly;
        var c = new SimCluster(seed, protocol, checksum: seed % 3 == 0, rate: seed % 7 == 0 ? 8L << 20 : null, fencing: fencing);
        c.Bootstrap();
        int phases = 3 + r.Next(5);
        for (int i = 0; i < phases; i++)
        {
            c.S.RunFor(c.S.Ms(20, 300));
            SecondaryRefusesIo(c);
            switch (r.Next(11))
            {
                case 0: break;
                case 1: c.Net.Cut("glitch"); break;
                case 2: Partition(c); break;
                case 3: SecondaryCrash(c); break;
                case 4: PrimaryCrash(c); break;
                case 5: SplitBrain(c, r); break;
                case 6: Verify(c); break;
                case 7: DiskStall(c); break;
                case 8: PrimaryDiskFails(c); break;
                case 9: LinkCutThenPrimaryCrash(c); break;
                case 10: HeartbeatCut(c); break;
            }
            ResolveExpectedSplitBrain(c);
        }
        Finish(c);
        return c;
    }

    static SimNode Primary(SimCluster c) => c.Workload.Target!;

    static void SecondaryRefusesIo(SimCluster c)
    {
        var sec = c.Other(Primary(c));
        if (!sec.Up || sec.State.Role != Role.Secondary)
            return;
        sec.Read(0, SimDisk.Block, (errno, _) => c.Expect(errno == Errno.EPERM, $"{sec.Name} (Secondary) refuses a read (got errno {errno})"));
        sec.Write(SimDisk.Block, new byte[SimDisk.Block], false, errno => c.Expect(errno == Errno.EPERM, $"{sec.Name} (Secondary) refuses a write (got errno {errno})"));
    }

    static void Partition(SimCluster c)
    {
        c.Net.Partition();
        c.S.RunFor(c.S.Ms(100, 1500));
        c.Net.Heal();
    }

    static void SecondaryCrash(SimCluster c)
    {
        var sec = c.Other(Primary(c));
        sec.Crash();
        c.S.RunFor(c.S.Ms(20, 600));
        sec.Start();
    }

    static void DiskStall(SimCluster c)
    {
        var sec = c.Other(Primary(c));
        sec.DiskLatency = (5, 40);
        c.S.RunFor(c.S.Ms(50, 400));
        sec.DiskLatency = (0.05, 1.5);
    }

    /// <summary>
    /// The Primary's hardware dies; the Secondary takes over if its data is UpToDate. If it was
    /// connected, under protocol C it has every acknowledged write. If it was not (the Primary went on
    /// alone after losing it), the Primary's last writes are lost with it, and when it comes back its
    /// data has diverged: that must be reported as a split brain.
    /// </summary>
    static void PrimaryCrash(SimCluster c)
    {
        var p = Primary(c);
        var sec = c.Other(p);
        if (!sec.Up)
            return;
        // Receiving means the connection really was intact up to the crash (the Secondary may not have
        // noticed a cut yet while the Primary already went on alone).
        bool wasReceiving = c.Net.Connected && p.State.Connection is ConnectionState.Connected or ConnectionState.VerifyS or ConnectionState.VerifyT;
        p.Crash();
        c.Workload.Abandon();
        c.S.RunUntil(() => sec.State.Connection != ConnectionState.Connected && !IsSyncing(sec), TimeSpan.FromSeconds(2));
        // What a cluster does: promote the survivor if it may be promoted without --force.
        bool failover = sec.State.Disk == DiskState.UpToDate;
        if (failover)
        {
            // With fencing (heartbeat intact), a Primary that went on alone acknowledged nothing the survivor lacks.
            if (c.Protocol == ReplicationProtocol.C && (wasReceiving || c.Fencing == FencingPolicy.ResourceOnly))
                c.Expect(c.Workload.CheckAcknowledged(sec.Disk, sec.Name) is null,
                    $"acknowledged writes on {sec.Name} after {p.Name} crashed{(wasReceiving ? "" : " (it had lost the link; fencing)")}: {c.Workload.CheckAcknowledged(sec.Disk, sec.Name)}");
            else
                c.Workload.Rebase(sec.Disk); // the lost writes are lost by design (protocol A/B, or a Primary alone without fencing)
            if (!wasReceiving)
                c.DivergenceExpected = true;
            c.Expect(sec.Command((core, t) => core.Promote(false, t)).Ok, $"promotion of {sec.Name} after {p.Name} crashed");
            c.Workload.Target = sec;
        }
        else if (sec.State.Disk == DiskState.Outdated)
        {
            var refused = sec.Command((core, t) => core.Promote(false, t));
            c.Expect(!refused.Ok && refused.Message.Contains("Outdated"), $"{sec.Name} (Outdated) refuses a promotion: {refused.Message}");
        }
        c.S.RunFor(c.S.Ms(50, 800));
        p.Start();
        if (!failover)
        {
            // Only the crashed Primary has the newest data: it comes back and is Primary again. What it had
            // acknowledged alone and not flushed may be gone with its disk cache (the application did not ask for more).
            c.Expect(p.Command((core, t) => core.Promote(false, t)).Ok || p.Command((core, t) => core.Promote(true, t)).Ok, $"{p.Name} back as Primary");
            c.Workload.Rebase(p.Disk);
        }
    }

    /// <summary>A split brain that a scenario caused on purpose (a failover after the Primary went on alone) is resolved as an operator would: the old Primary's data goes.</summary>
    static void ResolveExpectedSplitBrain(SimCluster c)
    {
        var p = Primary(c);
        var other = c.Other(p);
        c.S.RunUntil(() => !other.Up || other.Core!.SplitBrain || c.InSync, TimeSpan.FromSeconds(3));
        if (!other.Up || !(other.Core!.SplitBrain || p.Core!.SplitBrain))
            return;
        c.Expect(c.DivergenceExpected, "a split brain is only reported when the data really diverged");
        // The other side may still be deciding on the same connection; its own verdict comes first.
        c.S.RunUntil(() => p.State.Connection is ConnectionState.StandAlone or ConnectionState.Connecting
            && other.State.Connection is ConnectionState.StandAlone or ConnectionState.Connecting, TimeSpan.FromSeconds(1));
        if (other.State.Role == Role.Primary)
            c.Expect(other.Command((core, t) => core.Demote(null, t)).Ok, $"demote {other.Name}");
        c.Expect(other.Command((core, t) => core.Connect(true, t)).Ok, $"connect --discard-my-data on {other.Name}");
        p.Command((core, t) => core.Connect(false, t));
        c.Expect(c.WaitInSync(TimeSpan.FromSeconds(30)), "resync after discarding the old Primary's data");
        c.DivergenceExpected = false;
    }

    /// <summary>
    /// The Primary's disk dies (on_io_error = detach): the application goes on through the peer, reads
    /// included; then the operator moves the service, replaces the disk and the new one is fully synced.
    /// </summary>
    static void PrimaryDiskFails(SimCluster c)
    {
        var p = Primary(c);
        var sec = c.Other(p);
        if (!c.InSync || c.Protocol != ReplicationProtocol.C)
            return;
        p.Disk.Failing = true;
        c.Expect(c.S.RunUntil(() => p.State.Disk == DiskState.Diskless, TimeSpan.FromSeconds(2)), $"{p.Name} detaches its failed disk");
        long ackedBefore = c.Workload.Acknowledged;
        c.S.RunFor(c.S.Ms(50, 300));
        c.Expect(!c.Net.Connected || c.Workload.Acknowledged > ackedBefore, "writes are acknowledged through the peer while Diskless");
        int block = c.S.Random.Next(SimCluster.Blocks);
        var expected = sec.Disk.Read((long)block * SimDisk.Block, SimDisk.Block);
        if (c.Net.Connected)
            p.Read((long)block * SimDisk.Block, SimDisk.Block, (errno, data) =>
            {
                if (errno == 0)
                    c.Expect(data.Length == SimDisk.Block, "a read through the peer returns the block");
            });

        // The operator moves the service to the node with a disk, then replaces the broken one.
        c.Workload.Running = false;
        c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(3));
        c.S.RunUntil(() => p.Core!.UnconfirmedWrites == 0, TimeSpan.FromSeconds(2));
        if (!p.Command((core, t) => core.Demote(null, t)).Ok)
            c.Workload.Abandon();
        p.Crash();
        p.Disk.Failing = false;
        p.ReplaceDisk();
        c.S.RunUntil(() => sec.State.PeerRole != Role.Primary, TimeSpan.FromSeconds(2));
        if (sec.State.Disk == DiskState.UpToDate)
        {
            c.Expect(sec.Command((core, t) => core.Promote(false, t)).Ok, $"{sec.Name} takes over from the Diskless {p.Name}");
            c.Workload.Target = sec;
        }
        c.S.RunFor(c.S.Ms(10, 100));
        p.Start();
        c.Workload.Running = true;
    }

    /// <summary>
    /// Only the replication link is cut (heartbeat goes on) while the application writes; with fencing the
    /// Primary goes on only once the Secondary's copy is Outdated. Then the Primary's hardware dies.
    /// </summary>
    static void LinkCutThenPrimaryCrash(SimCluster c)
    {
        var p = Primary(c);
        var sec = c.Other(p);
        if (!c.InSync)
            return;
        c.Net.Partition();
        var until = c.S.Now + c.S.Ms(50, 1200);
        while (c.S.Now < until)
        {
            c.S.RunFor(TimeSpan.FromMilliseconds(5));
            // Going on alone is only allowed once the peer cannot be promoted in the Primary's place.
            if (c.Fencing == FencingPolicy.ResourceOnly && p.Up && p.State.Connection != ConnectionState.Connected
                && p.State.Suspended == Suspension.None && sec.Up)
                c.Expect(sec.State.Disk is DiskState.Outdated or DiskState.Inconsistent || c.Heartbeat.SeesDead(p),
                    $"{p.Name} writes alone only after {sec.Name} is Outdated (it is {sec.State.Disk})");
        }
        PrimaryCrash(c);
        c.Net.Heal();
    }

    /// <summary>Heartbeat alone is cut for a while: a connected pair goes on as before, then hears each other again.</summary>
    static void HeartbeatCut(SimCluster c)
    {
        c.Heartbeat.Partition();
        c.S.RunFor(c.S.Ms(100, 800));
        var p = Primary(c);
        if (c.Net.Connected && p.Up && p.State.Connection == ConnectionState.Connected)
            c.Expect(p.State.Suspended == Suspension.None, $"{p.Name} keeps writing while connected, whatever heartbeat says");
        c.Heartbeat.Heal();
    }

    static bool IsSyncing(SimNode n) => n.State.Connection is ConnectionState.SyncSource or ConnectionState.SyncTarget
        or ConnectionState.WFBitMapS or ConnectionState.WFBitMapT or ConnectionState.WFReportParams;

    /// <summary>Both nodes write while partitioned: the reunion must report a split brain; then the operator resolves it.</summary>
    static void SplitBrain(SimCluster c, Random r)
    {
        var p = Primary(c);
        var sec = c.Other(p);
        if (!c.InSync)
            return;
        // Both ways cut, heartbeat too: each side sees the other dead and may go on (fencing cannot help here).
        c.Net.Partition();
        c.Heartbeat.Partition();
        c.S.RunUntil(() => sec.State.Connection == ConnectionState.Connecting && c.Heartbeat.SeesDead(sec), TimeSpan.FromSeconds(2));
        c.Expect(sec.Command((core, t) => core.Promote(false, t)).Ok, $"{sec.Name} promoted during the partition");
        for (int i = 0; i < 5; i++)
        {
            c.Workload.WriteOnce(sec);
            c.S.RunFor(c.S.Ms(1, 20));
        }
        c.S.RunFor(c.S.Ms(50, 300));
        c.Heartbeat.Heal();
        c.S.RunFor(c.S.Ms(0, 300));
        c.Net.Heal();
        c.Expect(c.S.RunUntil(() => p.Core!.SplitBrain && sec.Core!.SplitBrain, TimeSpan.FromSeconds(3)),
            "split brain reported on both nodes after both wrote while apart");
        c.Expect(p.State.Connection == ConnectionState.StandAlone && sec.State.Connection == ConnectionState.StandAlone, "both StandAlone after split brain");

        // The operator picks a victim; the application stops on the victim, which is demoted.
        var victim = r.Next(2) == 0 ? sec : p;
        var survivor = c.Other(victim);
        c.Workload.Running = false;
        // Each Primary learns over heartbeat that the other is Primary too and stops holding its writes.
        c.Expect(c.S.RunUntil(() => p.State.Suspended == Suspension.None && sec.State.Suspended == Suspension.None, TimeSpan.FromSeconds(2)),
            "both Primaries go on once each hears the other is Primary too");
        c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(2));
        c.S.RunFor(TimeSpan.FromMilliseconds(50));
        c.Expect(victim.Command((core, t) => core.Demote(null, t)).Ok, $"demote the victim {victim.Name}");
        c.Expect(victim.Command((core, t) => core.Connect(true, t)).Ok, $"connect --discard-my-data on {victim.Name}");
        c.Expect(survivor.Command((core, t) => core.Connect(false, t)).Ok, $"connect on {survivor.Name}");
        c.Expect(c.WaitInSync(TimeSpan.FromSeconds(30)), "resync after split-brain recovery");
        c.Workload.Rebase(survivor.Disk);
        c.Workload.Target = survivor;
        c.Workload.Running = true;
    }

    /// <summary>A silently corrupted block on the Secondary is found by online verify and repaired by reconnecting.</summary>
    static void Verify(SimCluster c)
    {
        var p = Primary(c);
        var sec = c.Other(p);
        if (!c.InSync)
            return;
        c.Workload.Running = false;
        c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(2));
        // Under protocols A and B the last writes may still be landing on the Secondary.
        c.S.RunUntil(() => p.Core!.UnconfirmedWrites == 0, TimeSpan.FromSeconds(2));
        c.Expect(Identical(c), $"replicas identical while in sync and quiet: {FirstDifference(c)}");
        int corrupted = c.S.Random.Next(SimCluster.Blocks);
        sec.Disk.Corrupt(corrupted);
        sec.Log($"test: corrupted block {corrupted}; identical now: {Identical(c)}");
        c.Expect(p.Command((core, t) => core.Verify(t)).Ok, "verify starts");
        c.Expect(c.S.RunUntil(() => p.State.Connection != ConnectionState.VerifyS && sec.State.Connection != ConnectionState.VerifyT,
            TimeSpan.FromSeconds(10)), "verify ends");
        if (c.InSync)
        {
            c.Expect(p.Core!.LastVerifyOutOfSync == SimDisk.Block, $"verify finds the one corrupted block (found {p.Core!.LastVerifyOutOfSync} bytes; identical now: {Identical(c)})");
            p.Command((core, t) => core.Disconnect(t));
            p.Command((core, t) => core.Connect(false, t));
            c.Expect(c.WaitInSync(TimeSpan.FromSeconds(10)), "resync of what verify found");
            c.Expect(Identical(c), "replicas identical after repairing what verify found");
        }
        c.Workload.Running = true;
    }

    static void Finish(SimCluster c)
    {
        c.Heartbeat.Heal();
        c.Net.Heal();
        foreach (var n in new[] { c.A, c.B })
            if (!n.Up)
                n.Start();
        ResolveExpectedSplitBrain(c);
        c.Workload.Running = false;
        c.Expect(c.S.RunUntil(() => c.Workload.Outstanding == 0, TimeSpan.FromSeconds(5)), "application writes drain");
        var p = Primary(c);
        p.Flush(_ => { });
        c.Expect(c.WaitInSync(TimeSpan.FromSeconds(60)), "both replicas Connected and UpToDate after healing");
        c.S.RunFor(TimeSpan.FromMilliseconds(200));
        c.Expect(Identical(c), $"replicas byte-identical after heal and resync: {FirstDifference(c)}");
        string? bad = c.Workload.CheckAcknowledged(p.Disk, p.Name);
        c.Expect(bad is null, $"every acknowledged write present on the Primary: {bad}");
        c.Expect(c.Workload.Acknowledged > 0, "the application got writes acknowledged");
    }

    public static string FirstDifference(SimCluster c)
    {
        for (int b = 0; b < SimCluster.Blocks; b++)
        {
            var x = c.A.Disk.Read((long)b * SimDisk.Block, SimDisk.Block);
            var y = c.B.Disk.Read((long)b * SimDisk.Block, SimDisk.Block);
            if (!x.AsSpan().SequenceEqual(y))
                return $"block {b}: a has write {BitConverter.ToInt64(x)}, b has write {BitConverter.ToInt64(y)}";
        }
        return "none";
    }

    public static bool Identical(SimCluster c) =>
        c.A.Disk.Read(0, (int)c.A.Disk.Size).AsSpan().SequenceEqual(c.B.Disk.Read(0, (int)c.B.Disk.Size));
}
