using Tandem.Resources.Agents.MySql;

namespace Tandem.Tests.Integration.MySql;

/// <summary>The MySQL agent against a real MariaDB server, started, killed, frozen and stopped for real.</summary>
public sealed class MySqlAgentTests : IDisposable
{
    readonly MariaDbInstance db = MariaDbInstance.Create();
    readonly ListLogger log = new();
    readonly CancellationTokenSource limit = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        db.Dispose();
        limit.Dispose();
    }

    MySqlAgent Agent(string extra = "") =>
        new(MySqlAgentOptions.Parse($"mysql::{db.CnfPath}{extra}"), log, node: "test-node");

    CancellationToken Ct => limit.Token;

    void AssertOk(MySqlAgentResult result) => Assert.True(result.IsOk, $"{result}\nlog:\n{log}");

    [Fact]
    public async Task Starts_answers_writes_the_heartbeat_and_stops()
    {
        var agent = Agent("::heartbeat=on::heartbeat_db=tandem_test::monitor_timeout=5s");
        Assert.Equal(MySqlAgentStatus.NotRunning, (await agent.MonitorAsync(Ct)).Status);

        AssertOk(await agent.StartAsync(Ct));
        var pid = db.RequirePid();
        Assert.True(MySqlProcess.IsServer(pid), $"pid {pid} is not mariadbd");
        Assert.Equal($"20\t{db.Socket}", db.Sql("SELECT @@max_connections, @@socket"));

        AssertOk(await agent.MonitorAsync(Ct));
        AssertOk(await agent.MonitorAsync(Ct));
        Assert.Equal("test-node\t2", db.Sql("SELECT node, beats FROM tandem_test.tandem_heartbeat"));

        var overTcp = Agent("::host=127.0.0.1");
        AssertOk(await overTcp.MonitorAsync(Ct));

        AssertOk(await agent.StartAsync(Ct));
        Assert.Equal(pid, db.RequirePid());

        AssertOk(await agent.StopAsync(Ct));
        Assert.False(MySqlProcess.IsAlive(pid));
        Assert.Contains(log.Lines, l => l.Contains(" 2085 ", StringComparison.Ordinal));
        AssertOk(await agent.StopAsync(Ct));
        Assert.Equal(MySqlAgentStatus.NotRunning, (await agent.MonitorAsync(Ct)).Status);
    }

    [Fact]
    public async Task Root_over_the_socket_as_debian_sets_it_up()
    {
        using var debian = MariaDbInstance.Create(rootBySocket: true);
        var agent = new MySqlAgent(MySqlAgentOptions.Parse($"mysql::{debian.CnfPath}::heartbeat=on"), log, node: "test-node");
        try
        {
            AssertOk(await agent.StartAsync(Ct));
            AssertOk(await agent.MonitorAsync(Ct));
            Assert.Contains("unix_socket", debian.Sql("SHOW CREATE USER root@localhost"));
        }
        finally
        {
            AssertOk(await agent.StopAsync(Ct));
        }
    }

    [Fact]
    public async Task A_killed_server_is_not_running_and_starts_again_in_place()
    {
        var agent = Agent();
        AssertOk(await agent.StartAsync(Ct));
        var first = db.RequirePid();
        MySqlProcess.Signal(first, MySqlProcess.SigKill);
        for (var i = 0; i < 200 && MySqlProcess.IsAlive(first); i++)
            await Task.Delay(50, Ct);

        var monitor = await agent.MonitorAsync(Ct);
        Assert.Equal(MySqlAgentStatus.NotRunning, monitor.Status);

        AssertOk(await agent.StartAsync(Ct));
        var second = db.RequirePid();
        Assert.NotEqual(first, second);
        AssertOk(await agent.MonitorAsync(Ct));
        Assert.Equal("1", db.Sql("SELECT 1"));
        Assert.Contains(log.Lines, l => l.Contains("monitor Ok -> NotRunning", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("monitor NotRunning -> Ok", StringComparison.Ordinal));

        AssertOk(await agent.StopAsync(Ct));
        Assert.False(MySqlProcess.IsAlive(second));
    }

    [Fact]
    public async Task A_frozen_server_times_out_and_still_stops()
    {
        var agent = Agent("::monitor_timeout=2s::heartbeat=on");
        AssertOk(await agent.StartAsync(Ct));
        AssertOk(await agent.MonitorAsync(Ct));
        var pid = db.RequirePid();
        MySqlProcess.Signal(pid, 19); // SIGSTOP
        try
        {
            var monitor = await agent.MonitorAsync(Ct);
            Assert.Equal(MySqlAgentStatus.TimedOut, monitor.Status);
            Assert.Contains("stopped by a signal", monitor.Reason);
            Assert.Contains("within 2s", monitor.Reason);
        }
        finally
        {
            AssertOk(await agent.StopAsync(Ct));
        }
        Assert.False(MySqlProcess.IsAlive(pid));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stop_kills_a_server_that_ignores_SIGTERM(bool frozen)
    {
        // A stand-in named mysqld that ignores SIGTERM, as a wedged server would.
        var fake = Path.Combine(db.Dir, "fake", "mysqld");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        var ready = Path.Combine(db.Dir, "fake", "ready");
        File.WriteAllText(fake, $"#!/bin/sh\ntrap '' TERM\ntouch {ready}\nwhile :; do sleep 0.2; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var process = System.Diagnostics.Process.Start(fake);
        Directory.CreateDirectory(Path.GetDirectoryName(db.PidFile)!);
        File.WriteAllText(db.PidFile, $"{process.Id}\n");
        for (var i = 0; i < 500 && !File.Exists(ready); i++)
            await Task.Delay(20, Ct);
        Assert.Equal(process.Id, db.RequirePid());
        if (frozen)
            MySqlProcess.Signal(process.Id, 19); // SIGSTOP: hung as well

        AssertOk(await Agent("::stop_timeout=1s").StopAsync(Ct));
        Assert.False(MySqlProcess.IsAlive(process.Id));
        Assert.Contains(log.Lines, l => l.Contains("after SIGTERM; sending SIGKILL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_start_that_fails_says_why_from_the_error_log()
    {
        File.AppendAllText(db.CnfPath, "\n[mysqld]\nno_such_option_at_all = 1\n");
        var agent = Agent("::start_timeout=60s");
        var result = await agent.StartAsync(Ct);
        Assert.Equal(MySqlAgentStatus.Failed, result.Status);
        Assert.Contains("exited with status", result.Reason);
        Assert.Contains("no_such_option_at_all", result.Reason);
    }

    [Fact]
    public async Task A_missing_datadir_is_refused_with_a_hint()
    {
        Directory.Delete(db.DataDir, recursive: true);
        var result = await Agent().StartAsync(Ct);
        Assert.Equal(MySqlAgentStatus.Failed, result.Status);
        Assert.Contains("mariadb-install-db", result.Reason);
    }
}
