using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>
/// Two real daemons whose replication runs through relays the test can cut, while heartbeat goes direct: a Primary
/// that loses only the replication link holds new writes until its peer, asked over heartbeat, has marked its copy
/// Outdated; the Outdated copy refuses promotion; the link coming back resyncs it to UpToDate.
/// </summary>
public sealed partial class FencingTests : IDisposable
{
    readonly ReplicatedPair _pair = new();
    readonly LinkProxy _toAlpha, _toBeta;

    public FencingTests()
    {
        _toAlpha = new LinkProxy(ReplicationPort("alpha"));
        _toBeta = new LinkProxy(ReplicationPort("beta"));
        // Each node reaches the other's replication port through a relay; deadtime is long enough that a peer that
        // is silent for a few seconds (stopped on purpose below) is not declared dead.
        var text = _pair.ConfigText.Replace("deadtime = \"1s\"", "deadtime = \"8s\"").Replace("initdead = \"3s\"", "initdead = \"16s\"");
        _pair.UseConfig("alpha", RouteTo(text, "beta", _toBeta.Port));
        _pair.UseConfig("beta", RouteTo(text, "alpha", _toAlpha.Port));
    }

    public void Dispose()
    {
        foreach (var n in Nodes)
            Continue(n);
        _pair.Dispose();
        _toAlpha.Dispose();
        _toBeta.Dispose();
    }

    int ReplicationPort(string node) => int.Parse(Address(node).Match(_pair.ConfigText).Groups[2].Value);

    Regex Address(string node) => new($@"(\[volumes\.{_pair.Name}\.on\.{node}\][^\[]*?address = ""127\.0\.0\.1:)(\d+)("")");

    string RouteTo(string text, string node, int port) => Address(node).Replace(text, m => $"{m.Groups[1].Value}{port}{m.Groups[3].Value}") switch
    {
        var routed when routed != text => routed,
        _ => throw new InvalidOperationException($"no address for {node} in the config"),
    };

    void Stop(string node) => Proc.Ok("kill", "-STOP", _pair.DaemonOf(node).Id.ToString());

    void Continue(string node)
    {
        try
        {
            if (!_pair.DaemonOf(node).HasExited)
                Proc.Run("kill", ["-CONT", _pair.DaemonOf(node).Id.ToString()]);
        }
        catch (KeyNotFoundException)
        {
        }
    }

    long Size => _pair.Volume("alpha").GetProperty("size_bytes").GetInt64();

    static Process StartWrite(string uri, byte pattern, string offset)
    {
        var psi = new ProcessStartInfo("qemu-io") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-f", "raw", "-c", $"write -P 0x{pattern:x2} {offset} 64k", uri })
            psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    List<(DateTimeOffset At, string Text)> Events(string node)
    {
        var r = _pair.Cli(node, "status", "--json");
        Assert.True(r.Exit == 0, $"{node}: status: {r}");
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("at").GetDateTimeOffset(), e.GetProperty("text").GetString()!)).ToList();
    }

    [Fact]
    public void A_primary_that_loses_only_the_replication_link_writes_on_once_the_peer_is_outdated_and_the_peer_resyncs_when_it_returns()
    {
        _pair.StartSynced();
        Assert.True(_toAlpha.Relayed + _toBeta.Relayed > 0, "replication runs through the relays");
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x11 0 64k", _pair.NbdUri("alpha"));

        // beta cannot answer for now; the replication link goes, heartbeat stays.
        Stop("beta");
        _toAlpha.Sever();
        _toBeta.Sever();
        using var write = StartWrite(_pair.NbdUri("alpha"), 0x22, "1M");

        var frozen = _pair.WaitVolume("alpha", v => v.GetProperty("suspended").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(20), "alpha suspends I/O for fencing");
        Assert.Equal("fencing", Str(frozen, "suspended"));
        Assert.Contains("Outdated", Str(frozen, "suspended_why"));
        Assert.NotEqual("Connected", Str(frozen, "connection"));
        Assert.False(write.HasExited, "the write waits while the peer has not confirmed it is Outdated");
        var human = _pair.CliOk("alpha", "volume", "status", _pair.Name).Out;
        Assert.Contains("I/O suspended: fencing", human);
        var all = JsonDocument.Parse(_pair.CliOk("alpha", "status", "--json").Out).RootElement;
        Assert.Equal("fencing", all.GetProperty("volumes")[0].GetProperty("suspended").GetString());
        Thread.Sleep(1000);
        Assert.False(write.HasExited, "still held: beta is stopped and heartbeat has not declared it dead");
        Assert.Equal("fencing", Str(_pair.Volume("alpha"), "suspended"));

        // beta hears the request, marks its copy Outdated on disk and answers; the write completes after that.
        Continue("beta");
        Assert.True(write.WaitForExit(30_000), "the write completes once beta is Outdated");
        var writeDone = DateTimeOffset.UtcNow;
        Assert.Equal(0, write.ExitCode);
        var betaNow = _pair.WaitVolume("beta", v => Str(v, "disk") == "Outdated", TimeSpan.FromSeconds(10), "beta is Outdated");
        Assert.NotEqual("Connected", Str(betaNow, "connection"));
        var outdatedAt = Events("beta").Where(e => e.Text.Contains("data marked Outdated at the peer's request")).Select(e => e.At).Single();
        var resumedAt = Events("alpha").Where(e => e.Text.Contains("its copy is Outdated; going on alone")).Select(e => e.At).Single();
        Assert.True(outdatedAt <= resumedAt && resumedAt <= writeDone, $"beta outdated at {outdatedAt:O}, alpha resumed at {resumedAt:O}, the write completed by {writeDone:O}");
        var alphaNow = _pair.Volume("alpha");
        Assert.Equal(JsonValueKind.Null, alphaNow.GetProperty("suspended").ValueKind);
        Assert.Equal("Outdated", Str(alphaNow, "peer_disk"));
        Assert.Contains("data Outdated", _pair.CliOk("beta", "volume", "status", _pair.Name).Out);

        // beta's copy lacks the write: it refuses to be promoted, and says what to do.
        var refused = _pair.Cli("beta", "volume", "primary", _pair.Name);
        Assert.Equal(1, refused.Exit);
        Assert.Contains($"{_pair.Name}'s data is Outdated: the peer went on without it; promote the peer or use --force if the peer is lost for good", refused.Err);
        Assert.Equal("Secondary", Str(_pair.Volume("beta"), "role"));

        // The link returns: beta resyncs what it missed and is UpToDate again.
        _toAlpha.Restore();
        _toBeta.Restore();
        _pair.WaitInSync(TimeSpan.FromSeconds(60));
        Assert.Equal("UpToDate", Str(_pair.Volume("beta"), "disk"));
        Assert.Equal("UpToDate", Str(_pair.Volume("alpha"), "peer_disk"));
        long size = Size;
        var beta = _pair.DataRegion("beta", size);
        Assert.True(_pair.DataRegion("alpha", size).AsSpan().SequenceEqual(beta), "the two data regions differ after the resync");
        Assert.All(beta.AsSpan(1 << 20, 65536).ToArray(), b => Assert.Equal(0x22, b));
    }
}
