using Tandem.Config;
using Tandem.Replication.Link;

namespace Tandem.Tests.Unit.Replication.Link;

public sealed class LinkSettingsTests
{
    private static VolumeNodeOptions On(string node, string address) =>
        new() { Node = node, Disk = "/dev/sda5", Address = address, NbdSocket = "/run/tandem/r0.nbd" };

    [Fact]
    public void Settings_for_a_volume_name_the_peer_and_both_addresses()
    {
        var volume = new VolumeOptions
        {
            Name = "r0",
            Protocol = ReplicationProtocol.B,
            AfterSb0Pri = AfterSb0Pri.DiscardZeroChanges,
            On = new Dictionary<string, VolumeNodeOptions>
            {
                ["db-server-01"] = On("db-server-01", "192.168.0.10:7788"),
                ["db-server-02"] = On("db-server-02", "192.168.0.20:7788"),
            },
        };
        LinkSettings s = LinkSettings.For("db", volume, "db-server-02", [1, 2, 3], 4096);
        Assert.Equal("db-server-01", s.PeerNode);
        Assert.Equal("192.168.0.20:7788", s.LocalAddress);
        Assert.Equal("192.168.0.10:7788", s.PeerAddress);
        Assert.Equal(ReplicationProtocol.B, s.Protocol);
        Assert.Equal(AfterSb0Pri.DiscardZeroChanges, s.AfterSb0Pri);
        Assert.Equal(4096, s.DataSize);
        Assert.False(s.Decides);
        Assert.True((s with { LocalNode = "db-server-00" }).Decides);
    }
}
