using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>
/// A group holding the replicated volume, on two real daemons whose replication runs through relays the test cuts:
/// after the Primary lost only the link (and so had its peer's copy outdated) and then died, the peer's cluster does
/// not start the group on the Outdated copy by itself; the group stays down there and says why.
/// </summary>
public sealed class FencingGroupTests : IDisposable
{
    const string Group = "db";
    readonly ReplicatedPair _pair = new();
    readonly LinkProxy _toAlpha, _toBeta;

    public FencingGroupTests()
    {
        _toAlpha = new LinkProxy(Port("alpha"));
        _toBeta = new LinkProxy(Port("beta"));
        UseConfigs(withGroup: false);
    }

    /// <summary>Each node reaches the other's replication port through a relay; the group comes once the data is synced.</summary>
    void UseConfigs(bool withGroup)
    {
        var text = _pair.ConfigText + (!withGroup ? "" : $"""


            [[groups]]
            name = "{Group}"
            preferred = "alpha"
            monitor_interval = "1s"
            resources = ["volume::{_pair.Name}"]
            """);
        _pair.UseConfig("alpha", Route(text, "beta", _toBeta.Port));
        _pair.UseConfig("beta", Route(text, "alpha", _toAlpha.Port));
    }

    public void Dispose()
    {
        _pair.Dispose();
        _toAlpha.Dispose();
        _toBeta.Dispose();
    }

    Regex Address(string node) => new($@"(\[volumes\.{_pair.Name}\.on\.{node}\][^\[]*?address = ""127\.0\.0\.1:)(\d+)("")");

    int Port(string node) => int.Parse(Address(node).Match(_pair.ConfigText).Groups[2].Value);

    string Route(string text, string node, int port) => Address(node).Replace(text, m => $"{m.Groups[1].Value}{port}{m.Groups[3].Value}");

    JsonElement GroupOn(string node)
    {
        var r = _pair.Cli(node, "status", "--json");
        Assert.True(r.Exit == 0, $"{node}: status: {r}");
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("name").GetString() == Group).Clone();
    }

    JsonElement WaitGroup(string node, Func<JsonElement, bool> ok, string what)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var g = GroupOn(node);
            if (ok(g))
                return g;
            if (sw.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"{what}: group on {node} is {g}\nlog of {node}:\n{_pair.Log(node)}");
            Thread.Sleep(200);
        }
    }

    static string State(JsonElement g) => g.GetProperty("state").GetString()!;

    [Fact]
    public void After_the_primary_that_lost_only_the_link_dies_the_cluster_does_not_start_the_group_on_the_outdated_peer()
    {
        // The initial sync first, then the daemons come back with the group, which starts on alpha.
        _pair.StartSynced();
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x22 0 64k", _pair.NbdUri("alpha"));
        foreach (var n in Nodes)
            _pair.Stop(n);
        UseConfigs(withGroup: true);
        foreach (var n in Nodes)
            _pair.Start(n);
        WaitGroup("alpha", g => State(g) == "started" && g.GetProperty("node").GetString() == "alpha", "the group runs on alpha");
        _pair.WaitInSync(TimeSpan.FromSeconds(30));
        Assert.Equal("Primary", Str(_pair.Volume("alpha"), "role"));
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x33 0 64k", _pair.NbdUri("alpha"));

        // Only the replication link goes: alpha has beta's copy outdated over heartbeat and writes on.
        _toAlpha.Sever();
        _toBeta.Sever();
        _pair.WaitVolume("beta", v => Str(v, "disk") == "Outdated", TimeSpan.FromSeconds(20), "beta is outdated by alpha's request");
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x44 2M 64k", _pair.NbdUri("alpha"));

        // alpha dies. beta's cluster may not start the group on data that lacks alpha's last writes.
        _pair.KillHard("alpha");
        var g = WaitGroup("beta", g => State(g) == "failed", "the group's start on the Outdated beta fails");
        Assert.Contains($"volume::{_pair.Name} failed to start", g.GetProperty("failure").GetString());
        var events = JsonDocument.Parse(_pair.CliOk("beta", "status", "--json").Out).RootElement.GetProperty("events")
            .EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(events, e => e.Contains("failed to start") && e.Contains($"{_pair.Name}'s data is Outdated: the peer went on without it"));
        var beta = _pair.Volume("beta");
        Assert.Equal("Secondary", Str(beta, "role"));
        Assert.Equal("Outdated", Str(beta, "disk"));
    }
}
