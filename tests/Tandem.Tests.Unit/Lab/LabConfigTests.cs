using Tandem.Config;
using Tandem.Lab;

namespace Tandem.Tests.Unit.Lab;

public sealed class LabConfigTests
{
    static readonly LabLayout Layout = new(new LabNames("0123abcd", "/tmp"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheLabConfigIsValidAndNamesBothNodesOnTheLabAddresses(bool withGroup)
    {
        var text = LabConfigText.Render(Layout, new LabClusterSettings { AutoFailback = true }, withGroup);
        var config = ConfigLoader.Parse(text, "tandem.toml");
        Assert.Equal("tdlab-0123abcd", config.Cluster.Name);
        Assert.True(config.Cluster.AutoFailback);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Cluster.Deadtime);
        Assert.Equal(["node-a", "node-b"], config.Nodes.Keys.Order());
        Assert.NotEqual(config.Nodes["node-a"].ControlSocket, config.Nodes["node-b"].ControlSocket);
        var r0 = config.Volumes[LabLayout.Volume];
        Assert.Equal("10.231.1.11:7788", r0.On["node-a"].Address);
        Assert.Equal(Layout.Backing(LabNodeId.B), r0.On["node-b"].Disk);
        Assert.Equal(withGroup ? 1 : 0, config.Groups.Count);
        if (withGroup)
            Assert.Equal(["IPaddr::10.231.0.88/24/eth0", "volume::r0", "Filesystem::/dev/tandem/r0::/tmp/tdlab-0123abcd/node/mnt::ext4", "mysql::/tmp/tdlab-0123abcd/node/my.cnf::start_timeout=60s::monitor_timeout=3000ms"],
                config.Groups[0].Resources);
    }

    [Fact]
    public void EachNodesMariaDbIsDurableWithItsOwnServerId()
    {
        var a = MariaDbConfigText.Render(Layout, LabNodeId.A);
        var b = MariaDbConfigText.Render(Layout, LabNodeId.B);
        foreach (var line in new[] { "innodb_flush_log_at_trx_commit = 1", "sync_binlog = 1", "bind-address = 0.0.0.0", "datadir = /tmp/tdlab-0123abcd/node/mnt/mysql" })
        {
            Assert.Contains(line, a);
            Assert.Contains(line, b);
        }
        Assert.Contains("server_id = 1", a);
        Assert.Contains("server_id = 2", b);
    }

    [Theory]
    [InlineData("tdlab-0123abcd", "0123abcd")]
    [InlineData("tdlab-0123abcd-a", "0123abcd")]
    [InlineData("tdlab-0123abcd-br", "0123abcd")]
    [InlineData("tdlab-0123abcd-x", null)]
    [InlineData("tdlab-0123abc-a", null)]
    [InlineData("xtdlab-0123abcd-a", null)]
    [InlineData("tdlab-logs", null)]
    public void OnlyTheLabsOwnNamesAreRecognised(string name, string? id) => Assert.Equal(id, LabNames.IdOf(name));

    [Fact]
    public void EveryScenarioOfTheIssueIsListed() =>
        Assert.Equal(["hardware-failure", "daemon-stop", "mysqld-kill", "mysqld-hang", "switchover", "failback-off", "failback-on", "replication-link-cut", "soak-cpu-stress"],
            ScenarioCatalog.All.Select(s => s.Name));
}
