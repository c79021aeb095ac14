using Tandem.Config;

namespace Tandem.Tests.Unit.Heartbeat;

public class HeartbeatConfigTests
{
    const string Base = "[cluster]\nname = \"t\"\n{0}\n\n[nodes.a]\nheartbeat = [\"10.0.0.1:694\"]\n";

    static TandemConfig Parse(string cluster) => ConfigLoader.Parse(string.Format(Base, cluster), "/etc/tandem/tandem.toml");

    static string Error(string cluster) =>
        Assert.Single(Assert.Throws<ConfigException>(() => Parse(cluster)).Errors).ToString();

    [Fact]
    public void Unicast_is_the_default()
    {
        var c = Parse("").Cluster;
        Assert.Equal(HeartbeatMode.Unicast, c.HeartbeatMode);
        Assert.Equal("239.192.6.94", c.MulticastGroup);
        Assert.Contains("heartbeat_mode = \"unicast\"\n", ConfigPrinter.Print(Parse("")));
        Assert.DoesNotContain("multicast_group", ConfigPrinter.Print(Parse("")));
    }

    [Theory]
    [InlineData("broadcast", HeartbeatMode.Broadcast)]
    [InlineData("multicast", HeartbeatMode.Multicast)]
    public void Modes_are_read(string name, HeartbeatMode mode)
    {
        Assert.Equal(mode, Parse($"heartbeat_mode = \"{name}\"").Cluster.HeartbeatMode);
    }

    [Fact]
    public void Multicast_prints_its_group()
    {
        var printed = ConfigPrinter.Print(Parse("heartbeat_mode = \"multicast\"\nmulticast_group = \"239.1.2.3\""));
        Assert.Contains("heartbeat_mode = \"multicast\"\nmulticast_group = \"239.1.2.3\"\n", printed);
    }

    [Fact]
    public void An_unknown_mode_lists_the_valid_ones()
    {
        Assert.Equal("/etc/tandem/tandem.toml:3: cluster.heartbeat_mode: \"bcast\" is not valid here; use \"unicast\", \"broadcast\" or \"multicast\"",
            Error("heartbeat_mode = \"bcast\""));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("group")]
    public void A_group_that_is_not_multicast_is_refused(string group)
    {
        Assert.Contains($"cluster.multicast_group: \"{group}\" is not a multicast address; use one from 239.192.0.0/14", Error($"multicast_group = \"{group}\""));
    }

    [Theory]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.255")]
    [InlineData("ff02::1")]
    public void Multicast_groups_of_both_versions_are_accepted(string group)
    {
        Assert.Equal(group, Parse($"heartbeat_mode = \"multicast\"\nmulticast_group = \"{group}\"").Cluster.MulticastGroup);
    }
}
