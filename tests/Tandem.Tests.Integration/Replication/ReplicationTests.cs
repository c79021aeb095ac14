using System.Text.RegularExpressions;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>Two real daemons replicating over loopback: what an operator relies on when a server dies.</summary>
public sealed partial class ReplicationTests : IDisposable
{
    readonly ReplicatedPair _pair = new();

    public void Dispose() => _pair.Dispose();

    long Size => _pair.Volume("alpha").GetProperty("size_bytes").GetInt64();

    void AssertIdentical()
    {
        long size = Size;
        Assert.True(_pair.DataRegion("alpha", size).AsSpan().SequenceEqual(_pair.DataRegion("beta", size)),
            "the two backing disks' data regions differ");
    }

    string RandomFile(long bytes, int seed)
    {
        var path = Path.Combine(_pair.Dir, $"data-{seed}.bin");
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(path, data);
        return path;
    }

    [GeneratedRegex(@"resync finished: (\d+) bytes received")]
    private static partial Regex ResyncReceived();

    long LastResyncBytes(string node) =>
        _pair.Events(node).Select(e => ResyncReceived().Match(e)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value)).Last();

    [Fact]
    public void Initial_sync_then_writes_through_nbd_on_the_primary_land_byte_identical_on_the_secondarys_disk()
    {
        _pair.StartSynced();
        Assert.Equal(Size, LastResyncBytes("beta")); // the initial sync copied the whole data region
        var src = RandomFile(8 << 20, 1);
        Proc.Ok("nbdcopy", src, _pair.NbdUri("alpha")); // ends with a flush: under protocol C durable on both
        AssertIdentical();
        Assert.Equal("Secondary", Str(_pair.Volume("beta"), "role"));
    }

    [Fact]
    public void A_killed_secondary_gets_only_the_blocks_written_while_it_was_away()
    {
        _pair.StartSynced();
        _pair.KillHard("beta");
        _pair.WaitVolume("alpha", v => Str(v, "connection") == "Connecting", TimeSpan.FromSeconds(15), "alpha notices beta is gone");
        // Ten scattered 4 KiB blocks and one 64 KiB range, written while beta is away.
        for (int i = 0; i < 10; i++)
            Proc.Ok("qemu-io", "-f", "raw", "-c", $"write -P {0x30 + i} {i * 3}M 4k", _pair.NbdUri("alpha"));
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x77 40M 64k", _pair.NbdUri("alpha"));
        long expected = 10 * 4096 + 65536;
        Assert.Equal(expected, _pair.Volume("alpha").GetProperty("out_of_sync_bytes").GetInt64());

        _pair.Start("beta");
        _pair.CliOk("beta", "volume", "up", _pair.Name);
        _pair.WaitInSync(TimeSpan.FromSeconds(60));
        Assert.Equal(expected, LastResyncBytes("beta"));
        AssertIdentical();
    }

    [Fact]
    public void After_the_primary_is_killed_the_promoted_secondary_has_all_the_data_and_the_old_primary_resyncs()
    {
        _pair.StartSynced();
        var src = RandomFile(4 << 20, 2);
        Proc.Ok("nbdcopy", src, _pair.NbdUri("alpha"));
        _pair.KillHard("alpha");
        _pair.WaitVolume("beta", v => Str(v, "connection") == "Connecting", TimeSpan.FromSeconds(15), "beta notices alpha is gone");
        _pair.CliOk("beta", "volume", "primary", _pair.Name); // UpToDate: no --force needed
        var back = Path.Combine(_pair.Dir, "back.bin");
        Proc.Ok("nbdcopy", _pair.NbdUri("beta"), back);
        var expected = File.ReadAllBytes(src);
        Assert.True(File.ReadAllBytes(back).AsSpan(0, expected.Length).SequenceEqual(expected), "data written on alpha is on beta");

        // The old Primary comes back as Secondary and takes beta's data.
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x42 20M 1M", _pair.NbdUri("beta"));
        _pair.Start("alpha");
        _pair.CliOk("alpha", "volume", "up", _pair.Name);
        _pair.WaitInSync(TimeSpan.FromSeconds(60));
        Assert.Equal("Secondary", Str(_pair.Volume("alpha"), "role"));
        _pair.CliOk("beta", "volume", "secondary", _pair.Name);
        AssertIdentical();
    }

    [Fact]
    public void Diverged_data_is_reported_as_split_brain_and_discard_my_data_resyncs_only_what_differs()
    {
        _pair.StartSynced();
        foreach (var n in Nodes)
            _pair.CliOk(n, "volume", "disconnect", _pair.Name);
        // Each node writes while apart: alpha as the Primary, then beta after alpha stepped down.
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x0a 8M 4k", _pair.NbdUri("alpha"));
        _pair.CliOk("alpha", "volume", "secondary", _pair.Name);
        // alpha, Primary, disconnected from a peer it could reach over heartbeat: it had beta's copy marked Outdated
        // first (fencing), so making beta Primary while apart takes --force, as with DRBD.
        Assert.Equal("Outdated", Str(_pair.Volume("beta"), "disk"));
        _pair.CliOk("beta", "volume", "primary", _pair.Name, "--force");
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x0b 16M 4k", _pair.NbdUri("beta"));
        _pair.CliOk("beta", "volume", "secondary", _pair.Name);

        foreach (var n in Nodes)
            _pair.CliOk(n, "volume", "connect", _pair.Name);
        foreach (var n in Nodes)
            _pair.WaitVolume(n, v => v.GetProperty("split_brain").GetBoolean() && Str(v, "connection") == "StandAlone",
                TimeSpan.FromSeconds(20), $"split brain reported on {n}");
        Assert.Contains(_pair.Events("alpha"), e => e.Contains("split brain detected"));

        // beta's changes go; only the two blocks that differ travel.
        _pair.CliOk("beta", "volume", "connect", _pair.Name, "--discard-my-data");
        _pair.CliOk("alpha", "volume", "connect", _pair.Name);
        _pair.WaitInSync(TimeSpan.FromSeconds(60));
        Assert.Equal(2 * 4096, LastResyncBytes("beta"));
        Assert.False(_pair.Volume("beta").GetProperty("split_brain").GetBoolean());
        AssertIdentical();
        var data = _pair.DataRegion("beta", Size);
        Assert.All(data.AsSpan(16 << 20, 4096).ToArray(), b => Assert.Equal(0, b)); // beta's write is gone
        Assert.All(data.AsSpan(8 << 20, 4096).ToArray(), b => Assert.Equal(0x0a, b)); // alpha's is there
    }

    [Fact]
    public void A_peer_with_another_cluster_key_is_refused()
    {
        _pair.UseOtherKey("beta");
        _pair.StartBoth();
        Thread.Sleep(3000);
        foreach (var n in Nodes)
            Assert.Equal("Connecting", Str(_pair.Volume(n), "connection"));
        Assert.Matches("refus", _pair.Log("alpha") + _pair.Log("beta"));
    }
}
