using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Tandem.Lab;

/// <summary>
/// Runs one scenario from a clean lab to a clean tear-down: build the lab, prepare the volume, start both daemons
/// and wait for the group on node-a, start the client, inject the fault, measure the time to the first acknowledged
/// commit after it, bring the failed part back, wait for the replicas to converge, stop the client, check the
/// table through the VIP, compare the replicas, remove the lab.
/// </summary>
public sealed partial class ScenarioRunner(LabProgress progress, ILogger log, string? root = null, string? tandem = null)
{
    public static readonly TimeSpan GroupStartLimit = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan ConvergeLimit = TimeSpan.FromSeconds(180);

    public ScenarioResult Run(ScenarioDefinition scenario, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var problems = new List<string>();
        var result = new ScenarioResult { Scenario = scenario.Name };
        progress.Say($"=== {scenario.Name}: {scenario.Description}");
        Lab? lab = null;
        string? logs = null;
        try
        {
            lab = Lab.Create(scenario.Settings, root, tandem, progress, log);
            using var cancel = ct.Register(() => progress.Say("interrupted: tearing the lab down"));
            result = RunIn(lab, scenario, problems, ct);
        }
        catch (OperationCanceledException)
        {
            problems.Add("interrupted");
        }
        catch (LabException e)
        {
            problems.Add(e.Message);
        }
        finally
        {
            if (lab is not null)
            {
                if (problems.Count > 0 || LabLogs.KeepAlways)
                    logs = LabLogs.Keep(lab, scenario.Name);
                progress.Say($"removing lab {lab.Names.Tag}");
                lab.Dispose();
            }
        }
        progress.Say($"=== {scenario.Name}: {(problems.Count == 0 ? "ok" : "FAILED")} after {sw.Elapsed.TotalSeconds:0.0} s");
        return result with { Problems = problems, DurationS = Math.Round(sw.Elapsed.TotalSeconds, 1), Logs = logs };
    }

    ScenarioResult RunIn(Lab lab, ScenarioDefinition scenario, List<string> problems, CancellationToken ct)
    {
        var result = new ScenarioResult { Scenario = scenario.Name };
        LabBootstrap.Prepare(lab, ct);
        ct.ThrowIfCancellationRequested();
        progress.Say("starting both daemons with the group");
        // node-b first, so that node-a's volume connects at once (node-b already listens) and is UpToDate before
        // node-a's group, which starts as soon as it hears node-b, promotes it.
        foreach (var n in LabNodeId.Both.Reverse())
            lab[n].Boot(lab.Layout.ConfigPath);
        using var watcher = new ClusterWatcher(lab);
        var run0 = new ScenarioRun(lab, watcher, LabNodeId.A, ct);
        LabBootstrap.WaitConnectedUpToDate(lab, TimeSpan.FromSeconds(60), ct);
        StartGroupAtBoot(lab, watcher, run0);
        var failed = watcher.Owner!;
        progress.Say($"group {LabLayout.Group} started on {failed}; VIP {LabNetwork.Vip}");
        lab.Client.Start(LabNetwork.Vip);
        lab.Client.WaitForAcks(50, TimeSpan.FromSeconds(60), ct: ct);
        progress.Say("client committing through the VIP");
        run0.Wait(TimeSpan.FromSeconds(2));

        var run = new ScenarioRun(lab, watcher, failed, ct);
        scenario.Fault(run);
        var servedBy = scenario.RecoversOnPeer ? failed.Peer : null;
        var first = WaitFirstCommit(lab, run.FaultAt, servedBy, ct);
        var recovered = first?.At;
        double? recovery = recovered is { } r ? Math.Round((r - run.FaultAt).TotalSeconds, 3) : null;
        if (recovered is null)
        {
            problems.Add($"no commit was acknowledged{(servedBy is null ? "" : $" by {servedBy}")} within {RecoveryLimit.TotalSeconds:0} s of the fault");
            lab.Client.Stop();
            return result with
            {
                AcknowledgedCommits = lab.Client.Journal().Acknowledged.Count,
                Failovers = watcher.Failovers,
                FailedNode = failed.Name,
                FinalNode = watcher.Owner?.Name,
                BreakdownS = RecoveryMarks.Compute(DaemonLogs(lab), failed.Name, failed.Peer.Name, run.FaultAt, null),
            };
        }
        var recoveredOn = LabNodeId.FromServerId(first!.Value.Server) ?? failed;
        progress.Say($"first commit acknowledged {recovery:0.00} s after the fault, by {recoveredOn}");
        run.Wait(TimeSpan.FromSeconds(3));
        scenario.Restore(run);
        double? failbackRecovery = null;
        if (run.ReturnedAt is { } back)
        {
            if (WaitFirstCommit(lab, back, failed, ct) is { } home
                && lab.Client.Journal().LastAckBefore(home.At, failed.Peer.ServerId) is { } last)
            {
                failbackRecovery = Math.Round((home.At - last).TotalSeconds, 3);
                progress.Say($"failback: writes stopped for {failbackRecovery:0.00} s between {failed.Peer}'s last commit and {failed}'s first");
            }
            else
                problems.Add($"no commit was acknowledged by {failed} within {RecoveryLimit.TotalSeconds:0} s of its return");
        }

        progress.Say("waiting for both replicas to be Connected and UpToDate");
        var converged = true;
        try { LabBootstrap.WaitConnectedUpToDate(lab, ConvergeLimit, ct); }
        catch (LabException e) { problems.Add(e.Message); converged = false; }
        run.Wait(TimeSpan.FromSeconds(2));
        lab.Client.Stop();
        watcher.Poll();
        var journal = lab.Client.Journal();
        progress.Say($"client stopped after {journal.Acknowledged.Count} acknowledged commits; checking the table through the VIP");
        CommitCheck check;
        try { check = lab.Client.Check(LabNetwork.Vip); }
        catch (LabException e)
        {
            problems.Add(e.Message);
            check = new CommitCheck(journal.Acknowledged.Count, 0, 0, 0, 0, 0, [], []) { Unchecked = true };
        }
        if (check.Lost > 0)
            problems.Add($"{check.Lost} acknowledged commits are missing (ids {string.Join(", ", check.LostIds)})");
        if (check.Phantoms > 0)
            problems.Add($"{check.Phantoms} rows were never written by the client (ids {string.Join(", ", check.PhantomIds)})");
        if (converged)
            converged = CompareReplicas(lab, problems, ct);
        CheckMoves(scenario, run, watcher, problems);

        var breakdown = RecoveryMarks.Compute(DaemonLogs(lab), failed.Name, recoveredOn.Name, run.FaultAt, recovered,
            journal.FirstConnectAfter(run.FaultAt, recoveredOn.ServerId));
        var stoppedAt = journal.Acknowledged.Count == 0 ? run.FaultAt : journal.Acknowledged.Values.Max(a => a.At);
        return result with
        {
            RecoveryS = recovery,
            BreakdownS = breakdown,
            AcknowledgedCommits = check.Acknowledged,
            LostCommits = check.Unchecked ? null : check.Lost,
            PhantomRows = check.Unchecked ? null : check.Phantoms,
            InDoubtCommits = check.InDoubtPresent + check.InDoubtAbsent,
            Failovers = watcher.Failovers,
            Converged = converged,
            FailedNode = failed.Name,
            FinalNode = watcher.Owner?.Name,
            FailbackRecoveryS = failbackRecovery,
            LongestStallS = stoppedAt > run.FaultAt ? Math.Round(journal.LongestStall(run.FaultAt, stoppedAt).TotalSeconds, 3) : null,
            LostIds = check.LostIds,
            PhantomIds = check.PhantomIds,
        };
    }

    /// <summary>Both daemons' logs, for the recovery breakdown.</summary>
    static IEnumerable<DaemonLogLine> DaemonLogs(Lab lab) =>
        LabNodeId.Both.SelectMany(n => DaemonLogLine.Read(n.Name, lab.Layout.DaemonLog(n)));

    /// <summary>Waits for the group's first start; a group that failed at boot is reported with the reason the daemon gives.</summary>
    void StartGroupAtBoot(Lab lab, ClusterWatcher watcher, ScenarioRun run)
    {
        try
        {
            run.WaitUntil(() => watcher.Owner is not null || FailedAtBoot(lab) is not null, GroupStartLimit, "the group to start");
        }
        catch (LabException e)
        {
            throw new LabException($"{e.Message}; node-a says: {FailedAtBoot(lab) ?? "(no failure)"}");
        }
        if (watcher.Owner is null && FailedAtBoot(lab) is { } why)
            throw new LabException($"the group failed at boot: {why}");
    }

    /// <summary>node-a's failure text for the group when it is failed there, else null.</summary>
    static string? FailedAtBoot(Lab lab)
    {
        if (lab[LabNodeId.A].TryStatus() is not { } s || !s.TryGetProperty("groups", out var groups))
            return null;
        foreach (var g in groups.EnumerateArray())
            if (g.GetProperty("name").GetString() == LabLayout.Group && g.GetProperty("state").GetString() == "failed")
                return g.TryGetProperty("failure", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString() : "failed";
        return null;
    }

    /// <summary>The first commit attempted and acknowledged after <paramref name="after"/>, by <paramref name="by"/>'s server when given.</summary>
    CommitJournal.Acknowledgement? WaitFirstCommit(Lab lab, DateTimeOffset after, LabNodeId? by, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < RecoveryLimit)
        {
            if (lab.Client.Journal().FirstAckAfter(after, by?.ServerId) is { } ack)
                return ack;
            ct.ThrowIfCancellationRequested();
            Thread.Sleep(50);
        }
        return null;
    }

    void CheckMoves(ScenarioDefinition s, ScenarioRun run, ClusterWatcher watcher, List<string> problems)
    {
        if (watcher.SawBothOwners)
            problems.Add("the group ran on both nodes at once (split brain of the service)");
        if (s.ExpectedFailovers is { } n && watcher.Failovers != n)
            problems.Add($"the group moved {watcher.Failovers} times; this scenario expects {n}");
        else if (watcher.Failovers > s.MaxFailovers)
            problems.Add($"the group moved {watcher.Failovers} times; at most {s.MaxFailovers} expected");
        var expected = s.EndsOnFailedNode switch { true => run.Failed, false => run.Survivor, null => null };
        if (expected is not null && watcher.Owner != expected)
            problems.Add($"the group ends on {watcher.Owner?.Name ?? "no node"}; expected {expected}");
    }

    /// <summary>Data regions of both backing files equal; retried a few times, since background writes of the server may be in flight.</summary>
    bool CompareReplicas(Lab lab, List<string> problems, CancellationToken ct)
    {
        var size = LabBootstrap.Volume(lab[LabNodeId.A].TryStatus()) is { } v ? v.GetProperty("size_bytes").GetInt64() : 0;
        if (size <= 0)
        {
            problems.Add("cannot compare the replicas: node-a reports no size for r0");
            return false;
        }
        var differ = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            differ = ReplicaCompare.DifferingChunks(lab.Layout.Backing(LabNodeId.A), lab.Layout.Backing(LabNodeId.B), size);
            if (differ == 0)
            {
                progress.Say("replicas converged: data regions identical");
                return true;
            }
            if (ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                break;
        }
        problems.Add($"the replicas differ in {differ} MiB of {size >> 20} MiB although both report UpToDate");
        return false;
    }
}
