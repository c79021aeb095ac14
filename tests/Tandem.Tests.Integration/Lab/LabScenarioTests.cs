using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Lab;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Lab;

/// <summary>Runs only with TANDEM_LAB_SCENARIOS=1: full failover scenarios take minutes and need the whole cluster wired.</summary>
public sealed class LabScenarioTheoryAttribute : TheoryAttribute
{
    public LabScenarioTheoryAttribute()
    {
        if (Environment.GetEnvironmentVariable("TANDEM_LAB_SCENARIOS") != "1")
            Skip = "full lab scenarios run with TANDEM_LAB_SCENARIOS=1 (minutes each)";
    }
}

/// <summary>The scenario runner and <c>tandem lab</c>: interrupted runs and Ctrl-C leave nothing behind; the scenarios themselves.</summary>
public sealed class LabScenarioTests
{
    /// <summary>Progress output that cancels the run when a line containing <paramref name="trigger"/> is written.</summary>
    sealed class CancelOn(string trigger, CancellationTokenSource cts) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal))
                cts.Cancel();
        }
    }

    [Fact]
    public void AScenarioInterruptedDuringSetupTearsItsLabDown()
    {
        var nsBefore = LabLeftovers.Namespaces();
        var dirsBefore = LabLeftovers.Directories();
        using var cts = new CancellationTokenSource();
        var output = new CancelOn("waiting for the initial sync", cts);
        var runner = new ScenarioRunner(new LabProgress(output), NullLogger.Instance, tandem: TandemNode.Executable);
        var result = runner.Run(ScenarioCatalog.Find("hardware-failure")!, cts.Token);
        Assert.False(result.Ok);
        Assert.Contains("interrupted", result.Problems);
        Assert.Contains("removing lab", output.ToString());
        Assert.Equal(nsBefore, LabLeftovers.Namespaces());
        Assert.Equal(dirsBefore, LabLeftovers.Directories());
        Assert.Empty(LabLeftovers.Mounts());
    }

    [Fact]
    public async Task CtrlCDuringLabRunRemovesTheLabAndFailsTheRun()
    {
        var nsBefore = LabLeftovers.Namespaces();
        var dirsBefore = LabLeftovers.Directories();
        var psi = new ProcessStartInfo(TandemNode.Executable, ["lab", "run", "hardware-failure", "--json"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = new System.Text.StringBuilder();
        var started = new ManualResetEventSlim();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (err)
                err.AppendLine(e.Data);
            if (e.Data.Contains("waiting for the initial sync", StringComparison.Ordinal))
                started.Set();
        };
        p.BeginErrorReadLine();
        var stdout = p.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(120)), $"the run did not reach its daemons: {err}");
            NamespaceProcesses.Signal(p.Id, 2); // SIGINT, as Ctrl-C
            Assert.True(p.WaitForExit(120_000), $"tandem lab run did not exit after SIGINT: {err}");
        }
        finally
        {
            if (!p.HasExited)
                p.Kill();
        }
        await p.WaitForExitAsync();
        var json = await stdout;
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("interrupted", json);
        Assert.Contains("\"ok\": false", json);
        Assert.Equal(nsBefore, LabLeftovers.Namespaces());
        Assert.Equal(dirsBefore, LabLeftovers.Directories());
    }

    [Fact]
    public void LabListNamesEveryScenarioAndAnUnknownOneIsAUsageError()
    {
        var list = Proc.Run(TandemNode.Executable, ["lab", "list"]);
        Assert.Equal(0, list.Exit);
        foreach (var s in ScenarioCatalog.All)
            Assert.Contains(s.Name, list.Out);
        var bad = Proc.Run(TandemNode.Executable, ["lab", "run", "no-such-scenario"]);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("tandem lab list", bad.Err);
        var oneBad = Proc.Run(TandemNode.Executable, ["lab", "run", "hardware-failure", "no-such-scenario"]);
        Assert.Equal(2, oneBad.Exit);
        Assert.Contains("no scenario named 'no-such-scenario'", oneBad.Err);
        var allAndMore = Proc.Run(TandemNode.Executable, ["lab", "run", "all", "switchover"]);
        Assert.Equal(2, allAndMore.Exit);
    }

    /// <summary>The short form of the lab that always runs: the main promise, a Primary's hardware dying under a committing client.</summary>
    [Fact]
    public void HardwareFailureLosesNoCommitAndTheReplicasConverge() => ScenarioLosesNothingAndConverges("hardware-failure");

    [LabScenarioTheory]
    [InlineData("hardware-failure")]
    [InlineData("daemon-stop")]
    [InlineData("mysqld-kill")]
    [InlineData("mysqld-hang")]
    [InlineData("switchover")]
    [InlineData("failback-off")]
    [InlineData("failback-on")]
    [InlineData("replication-link-cut")]
    [InlineData("soak-cpu-stress")]
    public void ScenarioLosesNothingAndConverges(string name)
    {
        var output = new StringWriter();
        var runner = new ScenarioRunner(new LabProgress(output), NullLogger.Instance, tandem: TandemNode.Executable);
        var r = runner.Run(ScenarioCatalog.Find(name)!, CancellationToken.None);
        Assert.True(r.Ok, $"{name}: {string.Join("; ", r.Problems)}\n{output}");
        Assert.Equal(0, r.LostCommits);
        Assert.Equal(0, r.PhantomRows);
        Assert.True(r.Converged);
        Assert.True(r.AcknowledgedCommits > 0);
        Assert.NotNull(r.RecoveryS);
    }
}
