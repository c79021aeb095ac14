using System.Text.Json;
using Tandem.Tests.Integration.Volume;
using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>What an operator sees of a resync and a verify: progress in status, the rate limit, differences found.</summary>
public sealed class ResyncStatusTests
{
    [Fact]
    public void A_rate_limited_full_sync_shows_percent_speed_and_eta_and_keeps_to_the_rate()
    {
        using var pair = new ReplicatedPair(backingBytes: 48L << 20, extraVolume: "resync_rate = \"8MiB\"");
        pair.StartBoth();
        pair.WaitVolume("alpha", v => Str(v, "connection") == "Connected", TimeSpan.FromSeconds(30), "first connection");
        var started = DateTime.UtcNow;
        pair.CliOk("alpha", "volume", "primary", pair.Name, "--force");
        var during = pair.WaitVolume("beta", v => Str(v, "connection") == "SyncTarget" && v.GetProperty("sync").ValueKind == JsonValueKind.Object
            && v.GetProperty("sync").GetProperty("done_percent").GetDouble() > 5, TimeSpan.FromSeconds(30), "resync in progress with progress figures");
        var sync = during.GetProperty("sync");
        Assert.InRange(sync.GetProperty("done_percent").GetDouble(), 5, 100);
        Assert.True(sync.GetProperty("speed_bytes_per_s").GetInt64() > 0, $"speed in {sync}");
        Assert.True(sync.GetProperty("eta_s").GetInt64() >= 0, $"eta in {sync}");
        Assert.Equal("Inconsistent", Str(during, "disk"));
        var text = pair.CliOk("beta", "volume", "status", pair.Name).Out;
        Assert.Contains("sync ", text);
        pair.WaitInSync(TimeSpan.FromSeconds(60));
        // About 48 MiB at 8 MiB/s: well over 3 s (a generous bound against an unlimited sync, not a timing target).
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(3), "the resync kept to resync_rate");
        Assert.Equal(JsonValueKind.Null, pair.Volume("beta").GetProperty("sync").ValueKind);
    }

    [Fact]
    public void Online_verify_finds_a_block_changed_behind_the_replicas_back_and_a_reconnect_repairs_it()
    {
        using var pair = new ReplicatedPair(extraVolume: "checksum_resync = true");
        pair.StartSynced();
        Proc.Ok("qemu-io", "-f", "raw", "-c", "write -P 0x61 0 16M", pair.NbdUri("alpha"));
        using (var f = new FileStream(pair.Backing("beta"), FileMode.Open, FileAccess.Write))
        {
            f.Position = 12L << 20;
            f.Write(Enumerable.Repeat((byte)0xEE, 4096).ToArray());
            f.Flush(flushToDisk: true);
        }
        pair.CliOk("alpha", "volume", "verify", pair.Name);
        pair.WaitVolume("alpha", v => Str(v, "connection") == "Connected", TimeSpan.FromSeconds(60), "verify finished");
        Assert.Contains(pair.Events("alpha"), e => e.Contains("verify finished: 4096 bytes out of sync"));
        Assert.Equal(4096, pair.Volume("alpha").GetProperty("out_of_sync_bytes").GetInt64());

        pair.CliOk("alpha", "volume", "disconnect", pair.Name);
        pair.CliOk("alpha", "volume", "connect", pair.Name);
        pair.WaitInSync(TimeSpan.FromSeconds(60));
        long size = pair.Volume("alpha").GetProperty("size_bytes").GetInt64();
        Assert.True(pair.DataRegion("alpha", size).AsSpan().SequenceEqual(pair.DataRegion("beta", size)), "repaired");
    }
}
