using Tandem.Config;

namespace Tandem.Replication.Core;

/// <summary>What the replication core needs to know about its volume; built from <see cref="VolumeOptions"/>.</summary>
public sealed record ReplicaSettings
{
    public required string Volume { get; init; }
    public required long SizeBytes { get; init; }
    public ReplicationProtocol Protocol { get; init; } = ReplicationProtocol.C;

    /// <summary>False for a one-node volume: nothing is replicated and the disk state never waits for a peer.</summary>
    public bool HasPeer { get; init; } = true;

    /// <summary>Resync bandwidth in bytes per second; null for unlimited.</summary>
    public long? ResyncRate { get; init; }

    /// <summary>Checksum-based resync (DRBD's csums-alg): the target sends digests, equal blocks do not travel.</summary>
    public bool ChecksumResync { get; init; }

    public OnIoError OnIoError { get; init; } = OnIoError.Detach;
    public AfterSb0Pri AfterSb0Pri { get; init; } = AfterSb0Pri.Disconnect;
    public AfterSb1Pri AfterSb1Pri { get; init; } = AfterSb1Pri.Disconnect;
    public AfterSb2Pri AfterSb2Pri { get; init; } = AfterSb2Pri.Disconnect;

    /// <summary>What a Primary does when it loses the link to its peer (the config's <c>fencing</c>).</summary>
    public FencingPolicy Fencing { get; init; } = Defaults.Fencing;

    /// <summary>How often a fencing Primary asks the peer again while no answer came.</summary>
    public TimeSpan OutdateRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest resync or verify request.</summary>
    public int ResyncChunk { get; init; } = 1 << 20;

    /// <summary>Resync or verify requests in flight at once.</summary>
    public int ResyncInFlight { get; init; } = 8;

    /// <summary>A flush barrier is sent when the oldest unconfirmed write is this old (bounds the transfer log).</summary>
    public TimeSpan FlushBarrierInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>... or when this many writes wait for confirmation.</summary>
    public int TransferLogLimit { get; init; } = 4096;

    public static ReplicaSettings From(VolumeOptions v, long sizeBytes, bool hasPeer) => new()
    {
        Volume = v.Name,
        SizeBytes = sizeBytes,
        Protocol = v.Protocol,
        HasPeer = hasPeer,
        ResyncRate = v.ResyncRate,
        ChecksumResync = v.ChecksumResync,
        OnIoError = v.OnIoError,
        AfterSb0Pri = v.AfterSb0Pri,
        AfterSb1Pri = v.AfterSb1Pri,
        AfterSb2Pri = v.AfterSb2Pri,
        Fencing = v.Fencing,
    };
}
