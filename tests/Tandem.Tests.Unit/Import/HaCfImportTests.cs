using Tandem.Config;
using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>ha.cf: timing, nodes, failback, media and what is not carried over.</summary>
public class HaCfImportTests
{
    static HaCf Read(string text, ImportDiagnostics? diag = null)
    {
        diag ??= new ImportDiagnostics();
        var cf = HaCfReader.Read(new ImportFile("ha.cf", text), diag);
        diag.ThrowIfErrors();
        return cf;
    }

    static string Error(string text)
    {
        var diag = new ImportDiagnostics();
        HaCfReader.Read(new ImportFile("ha.cf", text), diag);
        return Assert.Throws<ConfigException>(diag.ThrowIfErrors).Message;
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5", 1500)]
    [InlineData("3s", 3000)]
    [InlineData("2500us", 3)]
    public void Times_are_seconds_unless_they_say_otherwise(string text, int ms)
    {
        var cf = Read($"keepalive {text}\n");
        Assert.Equal(TimeSpan.FromMilliseconds(ms), cf.Keepalive!.Value);
        Assert.Equal(new SourceLine("ha.cf", 1), cf.Keepalive.At);
    }

    [Fact]
    public void A_bad_time_is_an_error_with_its_line()
    {
        Assert.Equal("ha.cf:3: deadtime \"15min\" is not a time; write seconds (\"2\") or milliseconds (\"500ms\")",
            Error("keepalive 2\n# comment\ndeadtime 15min\n"));
        Assert.StartsWith("ha.cf:1: keepalive takes one value, found 2", Error("keepalive 2 3\n"));
        Assert.StartsWith("ha.cf:2: udpport \"99999\" is not a port", Error("\nudpport 99999\n"));
        Assert.StartsWith("ha.cf:1: ucast takes an interface and the peer's address", Error("ucast 192.168.0.20\n"));
        Assert.StartsWith("ha.cf:1: auto_failback \"maybe\" is not on, off or legacy", Error("auto_failback maybe\n"));
        Assert.StartsWith("ha.cf:1: expected mcast INTERFACE GROUP PORT TTL LOOP", Error("mcast eth1 225.0.0.1\n"));
    }

    [Fact]
    public void Comments_start_anywhere_and_a_node_line_may_name_several_nodes()
    {
        var cf = Read("node alpha beta # the two\n#node gamma\n");
        Assert.Equal(["alpha", "beta"], cf.Nodes.Select(n => n.Value));
    }

    [Fact]
    public void Ucast_takes_the_udpport_in_effect_at_its_line()
    {
        var diag = new ImportDiagnostics();
        var cf = Read("udpport 695\nucast eth1 10.0.0.2\nudpport 700\nucast eth2 10.1.0.2\n", diag);
        Assert.Equal([695, 700], cf.Ucast.Select(u => u.Port));
        Assert.Contains(diag.Warnings, w => w.ToString().StartsWith("ha.cf:3: warning: udpport comes after the media line at ha.cf:2", StringComparison.Ordinal));
        Assert.Equal(694, Read("ucast eth1 10.0.0.2\n").Ucast[0].Port);
    }

    [Theory]
    [InlineData("auto_failback on", true)]
    [InlineData("auto_failback off", false)]
    [InlineData("auto_failback yes", true)]
    [InlineData("auto_failback legacy", true)]
    [InlineData("nice_failback on", false)]
    public void Failback_spellings(string line, bool expected) =>
        Assert.Equal(expected, Read(line + "\n").AutoFailback!.Value);

    [Fact]
    public void Each_directive_without_an_equivalent_is_one_warning_and_unknown_ones_too()
    {
        var diag = new ImportDiagnostics();
        Read("respawn hacluster /usr/lib/heartbeat/ipfail\nping 192.168.0.1\ndebug 1\ncrm on\nfrobnicate 3\n", diag);
        var w = diag.Warnings.Select(x => x.ToString()).ToList();
        Assert.Equal(5, w.Count);
        Assert.StartsWith("ha.cf:1: warning: respawn: not imported;", w[0]);
        Assert.StartsWith("ha.cf:2: warning: ping: not imported; ping nodes are not supported", w[1]);
        Assert.StartsWith("ha.cf:3: warning: debug: not imported", w[2]);
        Assert.StartsWith("ha.cf:4: warning: crm: not imported", w[3]);
        Assert.Equal("ha.cf:5: warning: unknown ha.cf directive \"frobnicate\" (Heartbeat refuses it too); not imported", w[4]);
    }

    [Fact]
    public void Missing_timers_get_the_values_Heartbeat_used()
    {
        var files = new ImportFiles().Add("ha.cf", "keepalive 1\ndeadtime 8\nnode a b\nucast eth0 10.0.0.1\nucast eth0 10.0.0.2\n")
            .Add("hosts", "10.0.0.1 a\n10.0.0.2 b\n");
        var r = files.Import();
        var c = ConfigLoader.Parse(r.Toml, "t.toml").Cluster;
        Assert.Equal(TimeSpan.FromSeconds(4), c.Warntime);
        Assert.Equal(TimeSpan.FromSeconds(16), c.Initdead);
        Assert.True(c.AutoFailback);
        Assert.Contains(r.Warnings, w => w.ToString().StartsWith("ha.cf: warning: no auto_failback: Heartbeat's default (legacy)", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(12), ConfigLoader.Parse(new ImportFiles().Add("ha.cf", "deadtime 5\nnode a\n").Import().Toml, "t").Cluster.Initdead);
        Assert.Equal(TimeSpan.FromSeconds(30), ConfigLoader.Parse(new ImportFiles().Add("ha.cf", "node a\n").Import().Toml, "t").Cluster.Deadtime);
    }

    [Fact]
    public void Timers_Heartbeat_refuses_are_errors()
    {
        Assert.Equal("ha.cf:2: deadtime (3s) must be more than twice keepalive (2s); Heartbeat refuses this too",
            new ImportFiles().Add("ha.cf", "keepalive 2\ndeadtime 3\nnode a\n").Fails());
        Assert.StartsWith("ha.cf:2: initdead (5s) is shorter than deadtime (10s)",
            new ImportFiles().Add("ha.cf", "deadtime 10\ninitdead 5\n").Fails());
    }

    [Fact]
    public void A_third_node_is_an_error()
    {
        Assert.Equal("ha.cf:2: node names a third node, c (already a, b); Tandem is a two-node cluster",
            new ImportFiles().Add("ha.cf", "node a b\nnode c\n").Fails());
        Assert.StartsWith("ha.cf:1: node name \"-bad\" cannot be used",
            new ImportFiles().Add("ha.cf", "node -bad\n").Fails());
    }

    [Fact]
    public void The_cluster_directive_names_the_cluster_and_a_different_value_in_the_other_ha_cf_is_a_warning()
    {
        var files = new ImportFiles()
            .Add("n1/ha.cf", "cluster payroll\nkeepalive 1\ndeadtime 10\nnode a b\nucast eth0 b\n")
            .Add("n2/ha.cf", "cluster payroll\nkeepalive 2\ndeadtime 10\nnode a b\nucast eth0 a\n");
        var r = files.Import();
        Assert.Equal("payroll", ConfigLoader.Parse(r.Toml, "t").Cluster.Name);
        Assert.Equal(["a:694"], ConfigLoader.Parse(r.Toml, "t").Nodes["a"].Heartbeat);
        Assert.Equal(TimeSpan.FromSeconds(1), ConfigLoader.Parse(r.Toml, "t").Cluster.Keepalive);
        Assert.Contains(r.Warnings, w => w.ToString() == "n2/ha.cf:2: warning: differs from n1/ha.cf:2; Tandem has one config for both nodes and the import keeps the value at n1/ha.cf:2");
    }
}
