using Tandem.Resources.Agents.MySql;

namespace Tandem.Tests.Integration.Cluster;

/// <summary>A hung MariaDB moves the group (volume, filesystem, server) to the peer; a killed one would restart in place.</summary>
public class MySqlHangFailoverTests
{
    const int SigStop = 19;

    [Fact]
    public void A_SIGSTOPped_mysqld_is_detected_as_hung_killed_and_the_group_runs_on_the_peer()
    {
        using var c = new MySqlVolumePair();
        c.Boot("monitor_interval = \"1s\"\nmonitor_timeout = \"2s\"\nmax_restarts = 3", "::monitor_timeout=2s::stop_timeout=5s::start_timeout=60s");
        c.WaitStartedOn("alpha", TimeSpan.FromSeconds(90), "the group starts on its preferred node");
        var first = c.ServerPid() ?? throw new InvalidOperationException($"no pid in {c.PidFile}");
        Assert.Equal("alpha", MySqlVolumePair.NodeOf(first));
        c.Sql("CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO app.t VALUES (42)");

        Assert.True(MySqlProcess.Signal(first, SigStop));
        c.WaitStartedOn("beta", TimeSpan.FromSeconds(90), "the group moves away from the hung server");

        // alpha's frozen server is gone: it was stopped (SIGCONT + SIGTERM, SIGKILL after stop_timeout) before the
        // filesystem was unmounted and the volume demoted, and only then was the group offered to beta.
        Assert.False(MySqlProcess.IsAlive(first), $"alpha's mysqld pid {first} is still there ({MySqlProcess.Describe(first)})");
        var second = c.ServerPid() ?? throw new InvalidOperationException($"no pid in {c.PidFile}");
        Assert.NotEqual(first, second);
        Assert.Equal("beta", MySqlVolumePair.NodeOf(second));
        Assert.Equal("42", c.Sql("SELECT id FROM app.t"));

        var alpha = c.Events("alpha");
        var hung = Assert.Single(alpha, e => e.Contains(" is hung: ", StringComparison.Ordinal));
        Assert.Contains($"mysql::{c.CnfPath}", hung);
        Assert.Contains("within 2s", hung);
        Assert.Contains("moving the group to beta", hung);
        Assert.DoesNotContain(alpha, e => e.Contains("restarting mysql::", StringComparison.Ordinal));
        Assert.Single(c.Pair.Log("alpha").Split('\n'), l => l.Contains("[2013]", StringComparison.Ordinal));
        Assert.Contains(c.Events("beta"), e => e.Contains("handed the group over", StringComparison.Ordinal));

        // alpha gave the group up; it does not take it back by itself.
        Assert.Equal("started on beta", c.Where("alpha"));
    }
}
