using Tandem.Config;

namespace Tandem.Tests.Unit.Import;

/// <summary>
/// Per-node heartbeat endpoints from ucast lines: a ucast line names the other node's address on a link, so each
/// address goes to the node that owns it and each node lists its addresses in the same link order.
/// </summary>
public class HeartbeatLinkImportTests
{
    const string Nodes = "node db1\nnode db2\nkeepalive 1\ndeadtime 10\nauto_failback off\n";

    const string Drbd = "resource r0 {\n  on db1 { disk /dev/sdb1; address 10.9.0.1:7788; }\n  on db2 { disk /dev/sdb1; address 10.9.0.2:7788; }\n}\n";

    static TandemConfig Load(ImportFiles files) => ConfigLoader.Parse(files.Import().Toml, "t.toml");

    static List<string> Warnings(ImportFiles files) => [.. files.Import().Warnings.Select(w => w.ToString())];

    [Fact]
    public void One_ha_cf_listing_both_addresses_with_hosts_giving_the_owners()
    {
        var files = new ImportFiles()
            .Add("ha.cf", Nodes + "ucast eth1 192.168.0.10\nucast eth1 192.168.0.20\nudpport 695\nucast eth2 172.16.0.2\nucast eth2 172.16.0.1\n")
            .Add("hosts", "192.168.0.10 db1\n192.168.0.20 db2.example.com db2\n172.16.0.1 db1-hb db1\n")
            .Add("r0.res", Drbd);
        var c = Load(files);
        Assert.Equal(["192.168.0.10:694", "172.16.0.1:695"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["192.168.0.20:694", "172.16.0.2:695"], c.Nodes["db2"].Heartbeat);
    }

    [Fact]
    public void One_node_s_ha_cf_and_the_drbd_network_give_the_other_end()
    {
        var files = new ImportFiles()
            .Add("ha.cf", Nodes + "ucast eth1 10.9.0.2\n")
            .Add("r0.res", Drbd);
        var c = Load(files);
        Assert.Equal(["10.9.0.1:694"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["10.9.0.2:694"], c.Nodes["db2"].Heartbeat);
        Assert.Contains(Warnings(files), w => w.StartsWith("ha.cf:6: warning: the ha.cf files give no address for db1 on eth1; using 10.9.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_nodes_ha_cf_with_different_interface_names_make_one_link_per_pair()
    {
        var files = new ImportFiles()
            .Add("db1/ha.cf", Nodes + "ucast eth1 10.1.0.2\nucast eth2 10.2.0.2\n")
            .Add("db2/ha.cf", Nodes + "ucast ens4 10.1.0.1\nucast ens5 10.2.0.1\n")
            .Add("hosts", "10.1.0.1 db1\n10.1.0.2 db2\n10.2.0.1 db1\n10.2.0.2 db2\n");
        var c = Load(files);
        Assert.Equal(["10.1.0.1:694", "10.2.0.1:694"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["10.1.0.2:694", "10.2.0.2:694"], c.Nodes["db2"].Heartbeat);
    }

    [Fact]
    public void An_address_nobody_owns_next_to_a_known_one_is_the_other_node_s()
    {
        var files = new ImportFiles()
            .Add("ha.cf", Nodes + "ucast eth1 192.168.5.1\nucast eth1 db2\n");
        var c = Load(files);
        Assert.Equal(["192.168.5.1:694"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["db2:694"], c.Nodes["db2"].Heartbeat);
    }

    [Fact]
    public void Addresses_that_cannot_be_told_apart_are_reported_and_left_out()
    {
        var files = new ImportFiles().Add("ha.cf", Nodes + "ucast eth1 192.168.5.1\nucast eth1 192.168.5.2\n");
        var r = files.Import();
        Assert.Null(r.Config);
        Assert.Contains(r.Warnings, w => w.ToString().StartsWith("ha.cf:6: warning: cannot tell which node has 192.168.5.1 and 192.168.5.2 on eth1; give /etc/hosts", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.ToString().Contains("the output is not a complete config yet: nodes.db1.heartbeat: is empty"));
    }

    [Fact]
    public void A_link_with_one_known_end_is_reported()
    {
        var files = new ImportFiles().Add("ha.cf", Nodes + "ucast eth1 db2\nucast eth2 10.7.0.2\n").Add("hosts", "10.7.0.2 db2\n192.168.9.1 db1\n");
        var w = Warnings(files);
        Assert.Contains(w, x => x.StartsWith("ha.cf:6: warning: link eth1: only db2's address is known; import the other node's ha.cf too, or add its address on this link to nodes.db1.heartbeat", StringComparison.Ordinal));
    }

    [Fact]
    public void Broadcast_without_ucast_uses_broadcast_mode_and_the_hosts_addresses()
    {
        var files = new ImportFiles().Add("ha.cf", Nodes + "udpport 700\nbcast eth1\n").Add("hosts", "192.168.0.10 db1\n192.168.0.20 db2\n");
        var c = Load(files);
        Assert.Equal(HeartbeatMode.Broadcast, c.Cluster.HeartbeatMode);
        Assert.Equal(["192.168.0.10:700"], c.Nodes["db1"].Heartbeat);
        Assert.Equal(["192.168.0.20:700"], c.Nodes["db2"].Heartbeat);
        Assert.Contains(Warnings(files), w => w.StartsWith("hosts:1: warning: bcast eth1: Tandem still needs each node's own address on the link", StringComparison.Ordinal));
    }

    [Fact]
    public void Multicast_keeps_its_group_and_port()
    {
        var files = new ImportFiles().Add("ha.cf", Nodes + "mcast eth1 239.0.0.43 6940 2 0\n").Add("r0.res", Drbd);
        var c = Load(files);
        Assert.Equal(HeartbeatMode.Multicast, c.Cluster.HeartbeatMode);
        Assert.Equal("239.0.0.43", c.Cluster.MulticastGroup);
        Assert.Equal(["10.9.0.1:6940"], c.Nodes["db1"].Heartbeat);
        Assert.Contains(Warnings(files), w => w.StartsWith("ha.cf:6: warning: mcast TTL 2: Tandem sends multicast heartbeats with TTL 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Broadcast_next_to_ucast_is_not_imported()
    {
        var files = new ImportFiles().Add("ha.cf", Nodes + "bcast eth0\nucast eth1 db1\nucast eth1 db2\n");
        Assert.Equal(HeartbeatMode.Unicast, Load(files).Cluster.HeartbeatMode);
        Assert.Contains(Warnings(files), w => w == "ha.cf:6: warning: bcast eth0: Tandem uses one heartbeat mode for every link, here unicast (the ucast lines); not imported");
    }
}
