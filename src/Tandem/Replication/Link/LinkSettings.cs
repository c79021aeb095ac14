using Tandem.Config;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>
/// Everything one volume's replication link needs: who both nodes are, where they listen, the settings the two
/// nodes must agree on (checked in the handshake), the cluster key and the timers.
/// </summary>
public sealed record LinkSettings
{
    /// <summary>Version of the replication protocol; nodes with different versions refuse each other.</summary>
    public const ushort ProtocolVersion = 1;

    public required string Cluster { get; init; }

    public required string Volume { get; init; }

    public required string LocalNode { get; init; }

    public required string PeerNode { get; init; }

    /// <summary>"host:port" this node listens on (<c>[volumes.RES.on.LOCAL] address</c>).</summary>
    public required string LocalAddress { get; init; }

    /// <summary>"host:port" the peer listens on (<c>[volumes.RES.on.PEER] address</c>).</summary>
    public required string PeerAddress { get; init; }

    public required ReplicationProtocol Protocol { get; init; }

    /// <summary>Size of the volume's data region in bytes; both nodes must have the same.</summary>
    public required long DataSize { get; init; }

    public AfterSb0Pri AfterSb0Pri { get; init; } = Defaults.AfterSb0Pri;

    public AfterSb1Pri AfterSb1Pri { get; init; } = Defaults.AfterSb1Pri;

    public AfterSb2Pri AfterSb2Pri { get; init; } = Defaults.AfterSb2Pri;

    /// <summary>What a Primary does when it loses the peer (<c>fencing</c>); both nodes must agree, as each relies on the other's.</summary>
    public FencingPolicy Fencing { get; init; } = Defaults.Fencing;

    /// <summary>The cluster's shared secret (the contents of <c>auth_key_file</c>).</summary>
    public required byte[] Key { get; init; }

    public LinkFeatures Features { get; init; } = LinkFeatures.None;

    /// <summary>Send a Ping when nothing was received for this long (DRBD ping-int).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A Ping not answered within this time means the connection is lost (DRBD ping-timeout, set higher: a busy
    /// link answers behind the data already in its socket buffers).</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node whose receiving thread is held (a slow disk) goes on telling the peer it is alive, and so how long
    /// the peer lets its writes to that node stay blocked while it still hears from it (DRBD's ko-count × timeout is
    /// about as long: 7 × 6 s). A node held longer is left to the ping timeout.
    /// </summary>
    public TimeSpan BusyLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time from TCP connect to an established connection.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time one outgoing TCP connect may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay between connection attempts; it doubles after each failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Kernel send and receive buffer size of each socket.</summary>
    public int SocketBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>TCP congestion control of the link's sockets (<c>tcp_congestion</c>), or null for the host's default.</summary>
    public string? TcpCongestion { get; init; } = Defaults.TcpCongestion;

    /// <summary>Received packets waiting for the consumer before the link stops reading (TCP then slows the peer).</summary>
    public int ReceiveQueueLength { get; init; } = 256;

    /// <summary>TLS around the connection, or null for plain TCP.</summary>
    public LinkTlsOptions? Tls { get; init; }

    /// <summary>The settings for <paramref name="volume"/> between <paramref name="localNode"/> and its peer.</summary>
    public static LinkSettings For(string cluster, VolumeOptions volume, string localNode, byte[] key, long dataSize)
    {
        string peer = volume.On.Keys.Single(n => n != localNode);
        return new LinkSettings
        {
            Cluster = cluster,
            Volume = volume.Name,
            LocalNode = localNode,
            PeerNode = peer,
            LocalAddress = volume.OnNode(localNode).Address,
            PeerAddress = volume.OnNode(peer).Address,
            Protocol = volume.Protocol,
            DataSize = dataSize,
            AfterSb0Pri = volume.AfterSb0Pri,
            AfterSb1Pri = volume.AfterSb1Pri,
            AfterSb2Pri = volume.AfterSb2Pri,
            Fencing = volume.Fencing,
            TcpCongestion = volume.TcpCongestion,
            Key = key,
        };
    }

    /// <summary>True when this node has the lower name: it decides which connection both keep, and prefers its own.</summary>
    public bool Decides => string.CompareOrdinal(LocalNode, PeerNode) < 0;
}
