using static Tandem.Tests.Integration.Replication.ReplicatedPair;

namespace Tandem.Tests.Integration.Replication;

/// <summary>An explicit <c>size</c> is the volume's size: what the devices show and what a full sync copies.</summary>
public sealed class VolumeSizeTests
{
    [Fact]
    public void An_explicit_size_smaller_than_the_disk_is_what_is_exported_and_synced()
    {
        using var pair = new ReplicatedPair(backingBytes: 64L << 20, extraVolume: "size = \"32MiB\"");
        pair.StartSynced();
        foreach (var n in Nodes)
            Assert.Equal(32L << 20, pair.Volume(n).GetProperty("size_bytes").GetInt64());
        Assert.Contains(pair.Events("beta"), e => e.Contains($"resync finished: {32L << 20} bytes received"));
        var info = Tandem.Tests.Integration.Volume.Proc.Ok("nbdinfo", "--size", pair.NbdUri("alpha"));
        Assert.Equal((32L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), info.Out.Trim());
    }

    [Fact]
    public void A_size_larger_than_the_disk_is_refused_with_what_to_do()
    {
        using var pair = new ReplicatedPair(backingBytes: 16L << 20, extraVolume: "size = \"1GiB\"");
        pair.CliOk("alpha", "volume", "create-md", pair.Name);
        pair.Start("alpha");
        var r = pair.Cli("alpha", "volume", "up", pair.Name);
        Assert.Equal(1, r.Exit);
        Assert.Contains("size", r.Err);
        Assert.Contains("larger disk", r.Err);
        Assert.False(pair.Volume("alpha").GetProperty("up").GetBoolean());
    }
}
