using Tandem.Config;

namespace Tandem.Tests.Unit.Import;

/// <summary>The reference walkthrough's files, imported and loaded back with Tandem's own loader.</summary>
public class WalkthroughImportTests
{
    [Fact]
    public void All_five_files_give_the_cluster_of_the_walkthrough()
    {
        var result = ImportFiles.Walkthrough().Import();
        var c = ConfigLoader.Parse(result.Toml, "imported.toml");

        Assert.Equal(new ClusterOptions
        {
            Name = "linux-ha",
            AuthKeyFile = "/etc/tandem/authkey",
            Keepalive = TimeSpan.FromSeconds(2),
            Deadtime = TimeSpan.FromSeconds(15),
            Warntime = TimeSpan.FromMilliseconds(7500),
            Initdead = TimeSpan.FromSeconds(15),
            AutoFailback = false,
        }, c.Cluster);
        Assert.Equal(["db-server-01", "db-server-02"], c.Nodes.Keys);
        Assert.Equal(["192.168.0.10:694"], c.Nodes["db-server-01"].Heartbeat);
        Assert.Equal(["192.168.0.20:694"], c.Nodes["db-server-02"].Heartbeat);

        var r0 = Assert.Single(c.Volumes).Value;
        Assert.Equal("r0", r0.Name);
        Assert.Equal(ReplicationProtocol.C, r0.Protocol);
        Assert.Equal(30L << 20, r0.ResyncRate);
        Assert.Null(r0.Size);
        Assert.Equal(OnIoError.Detach, r0.OnIoError);
        Assert.Equal(new VolumeNodeOptions
        {
            Node = "db-server-01",
            Disk = "/dev/sda5",
            MetaDisk = "internal",
            Address = "192.168.0.10:7888",
            NbdSocket = "/run/tandem/r0.nbd",
        }, r0.OnNode("db-server-01"));
        Assert.Equal("192.168.0.20:7888", r0.OnNode("db-server-02").Address);

        var g = Assert.Single(c.Groups);
        Assert.Equal("mysql", g.Name);
        Assert.Equal("db-server-01", g.Preferred);
        Assert.Equal(["IPaddr::192.168.0.88/24/eth1", "volume::r0", "Filesystem::/dev/tandem/r0::/data::ext4", "mysqld"], g.Resources);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void What_cannot_be_carried_over_is_one_warning_each_with_file_and_line()
    {
        var warnings = ImportFiles.Walkthrough().Import().Warnings.Select(w => w.ToString()).ToList();

        Assert.Contains(warnings, w => w.StartsWith("node1/ha.cf:1: warning: debugfile: not imported", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("node1/ha.cf:3: warning: logfacility: not imported", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("node2/ha.cf:1: warning: logfile: not imported", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("authkeys:2: warning: key 1 is crc, a checksum and not authentication", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("haresources:1: warning: mysqld: kept as the init script", StringComparison.Ordinal) && w.Contains("mysql::/etc/my.cnf"));
        Assert.Contains(warnings, w => w.StartsWith("drbd.d/global_common.conf:2: warning: global usage-count", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("drbd.d/global_common.conf:16: warning: cram-hmac-alg sha1: not imported", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("drbd.d/global_common.conf:17: warning: the shared-secret of resource r0 is not copied", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("drbd.d/global_common.conf:17: warning: the shared-secret of resource r0 is only 3 characters", StringComparison.Ordinal));
        Assert.All(warnings, w => Assert.Contains(": warning: ", w));
        Assert.Equal(warnings.Count, warnings.Distinct().Count());
    }

    [Fact]
    public void The_secret_never_reaches_the_output_but_the_commands_to_install_it_do()
    {
        var files = new ImportFiles()
            .Add("ha.cf", WalkthroughSamples.HaCfPrimary)
            .Add("authkeys", "auth 2\n2 sha1 S3cret-Only-In-Authkeys\n")
            .Add("drbd.conf", WalkthroughSamples.GlobalCommon.Replace("\"abc\"", "\"Drbd-Secret-Value\""));
        var toml = files.Import().Toml;

        Assert.DoesNotContain("S3cret-Only-In-Authkeys", toml);
        Assert.DoesNotContain("Drbd-Secret-Value", toml);
        Assert.Contains("# The cluster key is not copied into this file", toml);
        Assert.Contains("sed -n '2p' authkeys | cut -b 8-30 | tr -d '\\n' > /etc/tandem/authkey) && chmod 0600 /etc/tandem/authkey", toml);
        Assert.Contains("scp -p /etc/tandem/authkey db-server-02:/etc/tandem/authkey", toml);
    }

    [Fact]
    public void The_bare_ip_variant_prefers_the_second_node_and_becomes_an_IPaddr()
    {
        var files = ImportFiles.Walkthrough().Add("haresources", WalkthroughSamples.HaResourcesBareIp);
        var g = Assert.Single(ConfigLoader.Parse(files.Import().Toml, "t.toml").Groups);
        Assert.Equal("db-server-02", g.Preferred);
        Assert.Equal(["IPaddr::192.168.1.88", "volume::r0", "Filesystem::/dev/tandem/r0::/data::ext4", "mysqld"], g.Resources);
    }

    [Fact]
    public void Every_value_says_where_it_came_from()
    {
        var toml = ImportFiles.Walkthrough().Import().Toml;
        Assert.Contains("keepalive = \"2s\"", toml);
        Assert.Matches(@"keepalive = ""2s"" +# node1/ha\.cf:4", toml);
        Assert.Matches(@"warntime = ""7500ms"" +# Heartbeat's default, deadtime / 2", toml);
        Assert.Matches(@"""192\.168\.0\.20:694"", +# node1/ha\.cf:13: ucast eth1 192\.168\.0\.20", toml);
        Assert.Matches(@"resync_rate = ""30MiB"" +# drbd\.d/global_common\.conf:5", toml);
    }
}
