using Tandem.Cluster.Protocol;
using Tandem.Resources.Groups;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Cluster;

/// <summary>The sender's volume reports in the cluster payload (version 3), and hostile ones.</summary>
public class ClusterPayloadVolumesTests
{
    static ClusterPayload Sample() => new(7, 3, [new("mysql", GroupState.Stopped)], 5, 2, [new(4, PeerRequestKind.Offer, "mysql")])
    {
        Volumes = [new("r0", DiskState.Inconsistent, ConnectionState.SyncTarget, 425), new("r1", DiskState.UpToDate, ConnectionState.Connected)],
    };

    // groups 42..48, offer 49..63, volume count 64, r0: [2]r0 65..67, disk 68, connection 69, sync 70..71;
    // r1: [2]r1 72..74, disk 75, connection 76, sync 77..78.
    const int Count = 64, FirstDisk = 68, FirstConnection = 69, FirstSync = 70, SecondName = 73;

    [Fact]
    public void Volume_reports_round_trip_in_version_3()
    {
        var p = Sample();
        var bytes = ClusterPayloadCodec.ToArray(p);
        Assert.Equal(79, bytes.Length);
        Assert.Equal(ClusterPayloadCodec.Size(p), bytes.Length);
        Assert.Equal(ClusterPayloadLimits.VolumesVersion, bytes[4]);
        var back = ClusterPayloadCodec.Read(bytes);
        Assert.Equal(p.Volumes, back.Volumes);
        Assert.Equal(p.Requests, back.Requests);
        Assert.Equal("r0 is Inconsistent, SyncTarget, 42.5% done", back.Volumes[0].ToString());
        Assert.False(back.Volumes[0].Ready);
        Assert.True(back.Volumes[1].Ready);
    }

    [Fact]
    public void Without_volumes_the_payload_stays_version_1()
    {
        var bytes = ClusterPayloadCodec.ToArray(Sample() with { Volumes = [] });
        Assert.Equal(ClusterPayloadLimits.Version, bytes[4]);
        Assert.Empty(ClusterPayloadCodec.Read(bytes).Volumes);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "no volumes", "with 0 volumes" },
        { "too many volumes", "with 33 volumes" },
        { "disk", "unknown disk state 200" },
        { "connection", "unknown connection state 10" },
        { "sync", "sync progress 1001 per mille" },
        { "duplicate", "r0 is reported twice" },
        { "empty name", "empty group name" },
        { "short", "bytes short" },
        { "trailing", "1 bytes after the last volume" },
        { "volumes in version 2", "1 bytes after the last request" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_volume_reports_are_rejected(string what, string message)
    {
        var good = ClusterPayloadCodec.ToArray(Sample());
        byte[] Patched(Action<byte[]> patch)
        {
            var b = (byte[])good.Clone();
            patch(b);
            return b;
        }
        var bytes = what switch
        {
            "no volumes" => Patched(b => b[Count] = 0),
            "too many volumes" => Patched(b => b[Count] = 33),
            "disk" => Patched(b => b[FirstDisk] = 200),
            "connection" => Patched(b => b[FirstConnection] = 10),
            "sync" => Patched(b => { b[FirstSync] = 0x03; b[FirstSync + 1] = 0xE9; }),
            "duplicate" => Patched(b => b[SecondName + 1] = (byte)'0'),
            "empty name" => Patched(b => b[Count + 1] = 0),
            "short" => good[..^1],
            "trailing" => [.. good, 0],
            "volumes in version 2" => ClusterPayloadCodec.ToArray(Sample() with { Volumes = [] }) is var v1 ? [.. v1, 0] : [],
            _ => throw new ArgumentException(what),
        };
        var e = Assert.Throws<ClusterPayloadException>(() => ClusterPayloadCodec.Read(bytes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Writing_refuses_bad_volume_reports()
    {
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with
        {
            Volumes = [.. Enumerable.Range(0, 33).Select(i => new VolumeReport($"v{i}", DiskState.UpToDate, ConnectionState.Connected))],
        }));
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with
        {
            Volumes = [new("r0", DiskState.UpToDate, ConnectionState.Connected, 1001)],
        }));
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with
        {
            Volumes = [new("r0", DiskState.UpToDate, ConnectionState.Connected), new("r0", DiskState.Outdated, ConnectionState.Connected)],
        }));
    }
}
