namespace Tandem.Config;

/// <summary><c>[volumes.RES]</c>: one replicated block device (a DRBD resource).</summary>
public sealed record VolumeOptions
{
    public required string Name { get; init; }

    public ReplicationProtocol Protocol { get; init; } = Defaults.Protocol;

    /// <summary>Size in bytes, or null for "auto" (the smaller backing disk minus metadata).</summary>
    public long? Size { get; init; } = Defaults.Size;

    /// <summary>Resync bandwidth limit in bytes per second, or null for unlimited.</summary>
    public long? ResyncRate { get; init; } = Defaults.ResyncRate;

    /// <summary>Checksum-based resync (DRBD's csums-alg): blocks whose digests match do not travel.</summary>
    public bool ChecksumResync { get; init; } = Defaults.ChecksumResync;

    /// <summary>TCP congestion control of the replication link's sockets, or null for the host's default ("system").</summary>
    public string? TcpCongestion { get; init; } = Defaults.TcpCongestion;

    public OnIoError OnIoError { get; init; } = Defaults.OnIoError;

    public AfterSb0Pri AfterSb0Pri { get; init; } = Defaults.AfterSb0Pri;

    public AfterSb1Pri AfterSb1Pri { get; init; } = Defaults.AfterSb1Pri;

    public AfterSb2Pri AfterSb2Pri { get; init; } = Defaults.AfterSb2Pri;

    public FencingPolicy Fencing { get; init; } = Defaults.Fencing;

    /// <summary>The per-node part (<c>[volumes.RES.on.NODE]</c>), one per node of the cluster.</summary>
    public required IReadOnlyDictionary<string, VolumeNodeOptions> On { get; init; }

    /// <summary>The per-node part for <paramref name="node"/>.</summary>
    public VolumeNodeOptions OnNode(string node) =>
        On.TryGetValue(node, out var v) ? v : throw new KeyNotFoundException($"volume {Name} has no section for node {node}");
}
