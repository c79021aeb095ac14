using System.Diagnostics;
using System.Text.Json;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Cluster;

/// <summary>A one-node daemon with a group holding <c>volume::RES</c>: the group promotes and demotes the real volume.</summary>
public class VolumeGroupDaemonTests
{
    static JsonElement Group(TandemNode n)
    {
        var r = n.CliOk("status", "--json");
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("groups")[0].Clone();
    }

    static JsonElement WaitGroup(TandemNode n, Func<JsonElement, bool> ok, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var g = Group(n);
            if (ok(g))
                return g;
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(40), $"{what}: group is {g}\n{n.DaemonLog()}");
            Thread.Sleep(100);
        }
    }

    static string State(JsonElement g) => g.GetProperty("state").GetString()!;

    [Fact]
    public void The_group_promotes_the_volume_only_when_its_data_is_up_to_date()
    {
        using var n = new TandemNode(64L << 20);
        File.AppendAllText(n.ConfigPath, $"""


            [[groups]]
            name = "vol"
            monitor_interval = "1s"
            resources = ["volume::{n.Name}"]
            """);
        n.CliOk("volume", "create-md", n.Name);
        n.StartDaemon();

        // Alone, the node starts the group at once; the volume is down, so the start fails and the group runs nowhere.
        var g = WaitGroup(n, g => State(g) == "failed", "the start fails on a volume that is down");
        Assert.Contains("failed to start", g.GetProperty("failure").GetString());

        // Fresh metadata is not UpToDate: the group does not force a promotion.
        n.CliOk("volume", "up", n.Name);
        n.CliOk("cluster", "takeover");
        WaitGroup(n, g => State(g) == "failed", "a promotion of data that is not UpToDate is refused");
        var events = JsonDocument.Parse(n.CliOk("status", "--json").Out).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("text").GetString()!).Where(e => e.Contains(" failed to start: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains("UpToDate", events[1]);
        Assert.False(File.Exists(n.Device));

        // The operator vouches for the data once; from then on the group promotes by itself.
        n.CliOk("volume", "primary", n.Name, "--force");
        n.CliOk("volume", "secondary", n.Name);
        n.CliOk("cluster", "takeover");
        g = WaitGroup(n, g => State(g) == "started", "the group promotes the volume");
        Assert.Equal("started", g.GetProperty("resources")[0].GetProperty("state").GetString());
        Assert.True(File.Exists(n.Device), $"no {n.Device} after the group promoted the volume");
        var volume = JsonDocument.Parse(n.CliOk("volume", "status", n.Name, "--json").Out).RootElement;
        Assert.Equal("Primary", volume.GetProperty("role").GetString());

        var standby = n.Cli("cluster", "standby");
        Assert.Equal(1, standby.Exit);
        Assert.Contains("not alive; there is nobody to hand group vol to", standby.Err);
    }
}
