using Tandem.Lab;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Lab;

/// <summary>
/// MariaDB with the lab's generated config on a node (a plain directory, without the volume), the workload client
/// committing from the client namespace through the node's address, and the checker counting lost and phantom rows.
/// </summary>
public sealed class LabWorkloadTests
{
    [Fact]
    public void ClientCommitsThroughANodeAddressAndTheCheckerFindsNothingLostThenSeesInjectedDamage()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        var a = LabNodeId.A;
        var host = LabNetwork.Lan(a);
        var db = lab.MariaDb[a];
        db.Install();
        db.Start();
        db.CreateSchema();
        Assert.Equal("1", db.TryQuery("SELECT @@innodb_flush_log_at_trx_commit")?.ToString());
        Assert.Equal("1", db.TryQuery("SELECT @@sync_binlog")?.ToString());
        Assert.Equal("1", db.TryQuery("SELECT @@log_bin")?.ToString());
        Assert.Equal("1", db.TryQuery("SELECT @@server_id")?.ToString());
        var pid = db.Pid!.Value;
        Assert.Contains(pid, NamespaceProcesses.Of(lab[a].Namespace));

        lab.Client.Start(host, TimeSpan.FromMilliseconds(5));
        lab.Client.WaitForAcks(100, TimeSpan.FromSeconds(60));
        lab.Client.Stop();
        var journal = lab.Client.Journal();
        Assert.True(journal.Acknowledged.Count >= 100);

        var check = lab.Client.Check(host);
        Assert.True(check.Ok, $"lost {check.Lost}, phantoms {check.Phantoms}");
        Assert.Equal(journal.Acknowledged.Count, check.Acknowledged);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Phantoms);

        // The checker can fail: a row nobody wrote, and an acknowledged row removed.
        var victim = journal.Acknowledged.Keys.Min();
        db.Execute($"INSERT INTO lab.commits (id, value) VALUES (999999999, 'feedfacefeedface')", $"DELETE FROM lab.commits WHERE id = {victim}");
        var damaged = lab.Client.Check(host);
        Assert.Equal(1, damaged.Phantoms);
        Assert.Equal([999999999L], damaged.PhantomIds);
        Assert.Equal(1, damaged.Lost);
        Assert.Equal([victim], damaged.LostIds);

        // "Hardware failure" of the node: mysqld dies with everything else in its namespace.
        var killed = lab[a].KillEverything();
        Assert.Contains(pid, killed);
        Assert.False(NamespaceProcesses.IsAlive(pid));
        Assert.Null(db.Pid);
    }

    [Fact]
    public void TheClientKeepsGoingAcrossAServerRestartAndLosesNothing()
    {
        using var lab = Tandem.Lab.Lab.Create(tandem: TandemNode.Executable);
        var b = LabNodeId.B;
        var host = LabNetwork.Lan(b);
        var db = lab.MariaDb[b];
        db.Install();
        db.Start();
        db.CreateSchema();
        lab.Client.Start(host, TimeSpan.FromMilliseconds(5));
        lab.Client.WaitForAcks(50, TimeSpan.FromSeconds(60));
        var pid = db.Pid!.Value;
        NamespaceProcesses.Signal(pid, NamespaceProcesses.SigKill);
        for (var i = 0; i < 200 && NamespaceProcesses.IsAlive(pid); i++)
            Thread.Sleep(50);
        var killedAt = DateTimeOffset.UtcNow;
        var before = lab.Client.Journal().Acknowledged.Count;
        db.Start();
        var after = lab.Client.WaitForAcks(50, TimeSpan.FromSeconds(60), from: before);
        var first = after.FirstAckAfter(killedAt);
        Assert.NotNull(first);
        Assert.Equal(b.ServerId, first.Value.Server); // the journal names the server that acknowledged
        Assert.NotEmpty(after.Errors);
        lab.Client.Stop();
        var check = lab.Client.Check(host);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Phantoms);
    }
}
