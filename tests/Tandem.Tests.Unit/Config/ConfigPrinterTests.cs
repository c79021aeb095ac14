using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class ConfigPrinterTests
{
    [Fact]
    public void Prints_the_effective_contract_example()
    {
        var printed = ConfigPrinter.Print(ConfigLoader.Parse(ConfigSamples.Contract, "/etc/tandem/tandem.toml"));
        Assert.Equal("""
            # Effective configuration of /etc/tandem/tandem.toml, defaults filled in.

            [cluster]
            name = "db"
            auth_key_file = "/etc/tandem/authkey"
            keepalive = "500ms"
            warntime = "1s"
            deadtime = "3s"
            initdead = "10s"
            auto_failback = false
            heartbeat_mode = "unicast"

            [nodes.db-server-01]
            heartbeat = ["192.168.0.10:694"]
            control_socket = "/run/tandem/tandem.sock"

            [nodes.db-server-02]
            heartbeat = ["192.168.0.20:694"]
            control_socket = "/run/tandem/tandem.sock"

            [volumes.r0]
            protocol = "C"
            size = "auto"
            resync_rate = "unlimited"
            checksum_resync = false
            tcp_congestion = "cubic"
            on_io_error = "detach"
            after_sb_0pri = "disconnect"
            after_sb_1pri = "disconnect"
            after_sb_2pri = "disconnect"
            fencing = "resource-only"

            [volumes.r0.on.db-server-01]
            disk = "/dev/sda5"
            meta_disk = "internal"
            address = "192.168.0.10:7788"
            nbd_socket = "/run/tandem/r0.nbd"

            [volumes.r0.on.db-server-02]
            disk = "/dev/sda5"
            meta_disk = "internal"
            address = "192.168.0.20:7788"
            nbd_socket = "/run/tandem/r0.nbd"

            [[groups]]
            name = "mysql"
            preferred = "db-server-01"
            resources = [
              "IPaddr::192.168.0.88/24/eth1",
              "volume::r0",
              "Filesystem::/dev/tandem/r0::/data::ext4",
              "mysql::/etc/mysql/my.cnf",
            ]
            monitor_interval = "10s"
            monitor_timeout = "20s"
            start_timeout = "1m"
            stop_timeout = "1m"
            max_restarts = 3
            restart_window = "5m"
            stop_retries = 3

            """, printed);
    }

    [Fact]
    public void Warnings_are_printed_as_comments()
    {
        var c = ConfigLoader.Parse(ConfigSamples.Minimal.Replace("name = \"t\"", "name = \"t\"\nwarntime = \"5s\""), "t.toml");
        var printed = ConfigPrinter.Print(c);
        Assert.Contains("\n# t.toml:3: warning: cluster.warntime: warntime (5s) is not shorter than deadtime (3s)", printed);
        ConfigAssert.Equal(c, ConfigLoader.Parse(printed, "t.toml"));
    }

    public static TheoryData<string> Samples() => new()
    {
        ConfigSamples.Contract,
        ConfigSamples.Minimal,
        """
        [cluster]
        name = "quote \" back \\ tab \t é"
        keepalive = "1500ms"
        deadtime = "90s"
        warntime = "2s"
        initdead = "1h"
        auto_failback = true
        heartbeat_mode = "multicast"
        multicast_group = "ff02::694"
        [nodes."host.example.com"]
        heartbeat = ["[fd00::1]:694", "10.1.1.1:694"]
        control_socket = "/run/x y.sock"
        [volumes.r_1]
        protocol = "A"
        size = "1536MiB"
        resync_rate = "1000"
        on_io_error = "pass_on"
        after_sb_0pri = "discard-younger-primary"
        after_sb_1pri = "discard-secondary"
        [volumes.r_1.on."host.example.com"]
        disk = "/srv/d.img"
        meta_disk = "/srv/m.img"
        address = "[fd00::1]:7000"
        nbd_socket = "/run/tandem/odd \"name\".nbd"
        [[groups]]
        name = "empty"
        resources = []
        [[groups]]
        name = "g2"
        preferred = "host.example.com"
        resources = ["volume::r_1", "NAME::a'b::c\\d", "ocf:heartbeat:Dummy::state=/run/a b\\\"c"]
        """,
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Print_then_parse_gives_an_equal_config(string text)
    {
        var config = ConfigLoader.Parse(text, "/etc/tandem/tandem.toml");
        var printed = ConfigPrinter.Print(config);
        var again = ConfigLoader.Parse(printed, "/etc/tandem/tandem.toml");
        ConfigAssert.Equal(config, again);
        Assert.Equal(printed, ConfigPrinter.Print(again));
    }

    [Fact]
    public void Random_valid_configs_round_trip()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var config = RandomConfigs.Make(new Random(seed));
            var printed = ConfigPrinter.Print(config);
            TandemConfig parsed;
            try
            {
                parsed = ConfigLoader.Parse(printed, config.SourcePath);
            }
            catch (ConfigException e)
            {
                Assert.Fail($"seed {seed}: {e.Message}\n{printed}");
                throw;
            }
            ConfigAssert.Equal(config with { Warnings = parsed.Warnings }, parsed);
        }
    }
}
