using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ConfigLoaderTests
{
    [Fact]
    public void Contract_example_parses_into_the_right_records()
    {
        var c = ConfigLoader.Parse(ConfigSamples.Contract, "/etc/tandem/tandem.toml");

        Assert.Equal("/etc/tandem/tandem.toml", c.SourcePath);
        Assert.Empty(c.Warnings);
        Assert.Equal(new ClusterOptions
        {
            Name = "db",
            AuthKeyFile = "/etc/tandem/authkey",
            Keepalive = TimeSpan.FromMilliseconds(500),
            Warntime = TimeSpan.FromSeconds(1),
            Deadtime = TimeSpan.FromSeconds(3),
            Initdead = TimeSpan.FromSeconds(10),
            AutoFailback = false,
        }, c.Cluster);

        Assert.Equal(["db-server-01", "db-server-02"], c.Nodes.Keys);
        Assert.Equal("db-server-01", c.Nodes["db-server-01"].Name);
        Assert.Equal(["192.168.0.10:694"], c.Nodes["db-server-01"].Heartbeat);
        Assert.Equal(["192.168.0.20:694"], c.Nodes["db-server-02"].Heartbeat);
        Assert.Equal("/run/tandem/tandem.sock", c.Nodes["db-server-02"].ControlSocket);

        var r0 = Assert.Single(c.Volumes).Value;
        Assert.Equal("r0", r0.Name);
        Assert.Equal(ReplicationProtocol.C, r0.Protocol);
        Assert.Null(r0.Size);
        Assert.Null(r0.ResyncRate);
        Assert.Equal(OnIoError.Detach, r0.OnIoError);
        Assert.Equal(AfterSb0Pri.Disconnect, r0.AfterSb0Pri);
        Assert.Equal(AfterSb1Pri.Disconnect, r0.AfterSb1Pri);
        Assert.Equal(AfterSb2Pri.Disconnect, r0.AfterSb2Pri);
        Assert.Equal(["db-server-01", "db-server-02"], r0.On.Keys);
        Assert.Equal(new VolumeNodeOptions
        {
            Node = "db-server-02",
            Disk = "/dev/sda5",
            MetaDisk = "internal",
            Address = "192.168.0.20:7788",
            NbdSocket = "/run/tandem/r0.nbd",
        }, r0.OnNode("db-server-02"));
        Assert.True(r0.OnNode("db-server-01").InternalMeta);

        var g = Assert.Single(c.Groups);
        Assert.Equal("mysql", g.Name);
        Assert.Equal("db-server-01", g.Preferred);
        Assert.Equal(["IPaddr::192.168.0.88/24/eth1", "volume::r0", "Filesystem::/dev/tandem/r0::/data::ext4", "mysql::/etc/mysql/my.cnf"], g.Resources);

        Assert.Equal("db-server-02", c.PeerOf("db-server-01"));
        Assert.Equal("/etc/tandem/tandem.toml:3", c.Where("cluster.auth_key_file"));
        Assert.Equal("/etc/tandem/tandem.toml:24", c.Where("volumes.r0.on.db-server-01.address"));
        Assert.Equal(new ConfigLocation("/etc/tandem/tandem.toml", 12, 1), c.Locations["nodes.db-server-01.control_socket"]);
    }

    [Fact]
    public void Defaults_fill_absent_keys()
    {
        var c = ConfigLoader.Parse(ConfigSamples.Minimal, "t.toml");
        Assert.Equal(Defaults.AuthKeyFile, c.Cluster.AuthKeyFile);
        Assert.Equal(Defaults.Keepalive, c.Cluster.Keepalive);
        Assert.Equal(Defaults.Initdead, c.Cluster.Initdead);
        Assert.Equal(Defaults.ControlSocket, c.Nodes["a"].ControlSocket);
        var on = c.Volumes["r0"].OnNode("b");
        Assert.Equal("/run/tandem/r0.nbd", on.NbdSocket);
        Assert.Equal("internal", on.MetaDisk);
        Assert.Equal(Defaults.Protocol, c.Volumes["r0"].Protocol);
        Assert.Empty(c.Groups);
        Assert.Equal("t.toml", c.Where("volumes.r0.protocol"));
    }

    [Fact]
    public void Every_option_can_be_set()
    {
        var text = """
            [cluster]
            name = "x"
            auth_key_file = "/etc/k"
            keepalive = "1s"
            warntime = "2s"
            deadtime = "5s"
            initdead = "1m"
            auto_failback = true

            [nodes.a]
            heartbeat = ["10.0.0.1:694", "[fd00::1]:694"]
            control_socket = "/run/a.sock"

            [volumes.data]
            protocol = "A"
            size = "30GiB"
            resync_rate = "100MiB"
            on_io_error = "pass_on"
            after_sb_0pri = "discard-least-changes"
            after_sb_1pri = "consensus"
            after_sb_2pri = "disconnect"
            fencing = "dont-care"
            on.a = { disk = "/srv/disk.img", meta_disk = "/srv/meta.img", address = "10.0.0.1:7000", nbd_socket = "/run/data.nbd" }

            [[groups]]
            name = "g"
            resources = []
            """;
        var c = ConfigLoader.Parse(text, "t.toml");
        Assert.Equal(TimeSpan.FromMinutes(1), c.Cluster.Initdead);
        Assert.True(c.Cluster.AutoFailback);
        Assert.Equal(["10.0.0.1:694", "[fd00::1]:694"], c.Nodes["a"].Heartbeat);
        var v = c.Volumes["data"];
        Assert.Equal(ReplicationProtocol.A, v.Protocol);
        Assert.Equal(30L << 30, v.Size);
        Assert.Equal(100L << 20, v.ResyncRate);
        Assert.Equal(OnIoError.PassOn, v.OnIoError);
        Assert.Equal(AfterSb0Pri.DiscardLeastChanges, v.AfterSb0Pri);
        Assert.Equal(AfterSb1Pri.Consensus, v.AfterSb1Pri);
        Assert.Equal(FencingPolicy.DontCare, v.Fencing);
        Assert.False(v.OnNode("a").InternalMeta);
        Assert.Equal("/srv/meta.img", v.OnNode("a").MetaDisk);
        Assert.Null(Assert.Single(c.Groups).Preferred);
        Assert.Null(c.PeerOf("a"));
    }

    [Fact]
    public void Locations_are_found_by_key_path_with_quoted_parts()
    {
        var text = ConfigSamples.Minimal.Replace("nodes.a]", "nodes.\"a.lan\"]").Replace("on.a]", "on.\"a.lan\"]");
        var c = ConfigLoader.Parse(text, "t.toml");
        Assert.Equal("volumes.r0.on.\"a.lan\".disk", TandemConfig.KeyPath("volumes", "r0", "on", "a.lan", "disk"));
        Assert.Equal("t.toml:13", c.Where(TandemConfig.KeyPath("volumes", "r0", "on", "a.lan", "disk")));
        Assert.Equal("t.toml:5", c.Where(TandemConfig.KeyPath("nodes", "a.lan", "heartbeat")));
    }

    [Fact]
    public void Checksum_resync_is_off_unless_asked_for()
    {
        Assert.False(ConfigLoader.Parse(ConfigSamples.Minimal, "t.toml").Volumes["r0"].ChecksumResync);
        var c = ConfigLoader.Parse(ConfigSamples.Minimal.Replace("[volumes.r0]\n", "[volumes.r0]\nchecksum_resync = true\n"), "t.toml");
        Assert.True(c.Volumes["r0"].ChecksumResync);
    }

    [Theory]
    [InlineData(null, "cubic")]
    [InlineData("reno", "reno")]
    [InlineData("bbr", "bbr")]
    [InlineData("system", null)]
    public void Tcp_congestion_is_cubic_unless_set_and_system_leaves_the_hosts_default(string? value, string? expected)
    {
        var text = value is null ? ConfigSamples.Minimal : ConfigSamples.Minimal.Replace("[volumes.r0]\n", $"[volumes.r0]\ntcp_congestion = \"{value}\"\n");
        var c = ConfigLoader.Parse(text, "t.toml");
        Assert.Equal(expected, c.Volumes["r0"].TcpCongestion);
        Assert.Equal(expected, Tandem.Replication.Link.LinkSettings.For("db", c.Volumes["r0"], c.Volumes["r0"].On.Keys.First(), [1], 4096).TcpCongestion);
        ConfigAssert.Equal(c, ConfigLoader.Parse(ConfigPrinter.Print(c), "t.toml"));
    }

    [Fact]
    public void Size_accepts_integers_and_resync_rate_a_per_second_suffix_is_not_needed()
    {
        var c = ConfigLoader.Parse(ConfigSamples.Minimal.Replace("[volumes.r0]\n", "[volumes.r0]\nsize = 1073741824\nresync_rate = \"unlimited\"\n"), "t.toml");
        Assert.Equal(1L << 30, c.Volumes["r0"].Size);
        Assert.Null(c.Volumes["r0"].ResyncRate);
    }

    [Fact]
    public void Load_reads_a_file_and_names_it_in_errors()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-config-");
        try
        {
            var path = Path.Combine(dir.FullName, "tandem.toml");
            File.WriteAllText(path, ConfigSamples.Contract);
            Assert.Equal("db", ConfigLoader.Load(path).Cluster.Name);
            Assert.Equal(path, ConfigLoader.Load(path).SourcePath);

            File.WriteAllText(path, "[cluster]\nname = \"db\"\nkeepalive = 5\n");
            var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));
            Assert.Contains($"{path}:3: cluster.keepalive: durations are strings with a unit; write \"5s\"", e.Message);

            var missing = Path.Combine(dir.FullName, "nope.toml");
            var m = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(missing)).Errors);
            Assert.StartsWith($"{missing}: cannot read the config", m.ToString());
            Assert.Contains("--config", m.Message);

            File.WriteAllBytes(path, [.. "a = 1\nb = \""u8, 0xFF, 0xFE, .. "\"\n"u8]);
            var u = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.Load(path)).Errors);
            Assert.Equal(2, u.Line);
            Assert.Contains("not valid UTF-8", u.Message);

            using (var f = File.Create(path))
                f.SetLength(Defaults.MaxConfigBytes + 1);
            Assert.Contains("larger than", Assert.Throws<ConfigException>(() => ConfigLoader.Load(path)).Message);

            Assert.Contains("cannot read", Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.FullName)).Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
