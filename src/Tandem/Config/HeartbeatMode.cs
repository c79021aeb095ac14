namespace Tandem.Config;

/// <summary><c>cluster.heartbeat_mode</c>: how heartbeats reach the peer (Heartbeat's ucast, bcast, mcast).</summary>
public enum HeartbeatMode
{
    /// <summary>Each link sends to the peer's endpoint with the same index.</summary>
    Unicast,
    /// <summary>Each link sends to the broadcast address of its local interface, on the peer's port (IPv4 only).</summary>
    Broadcast,
    /// <summary>Each link sends to <c>multicast_group</c> on the peer's port, out of its local interface, TTL 1.</summary>
    Multicast,
}

/// <summary>Config spellings of <see cref="HeartbeatMode"/>.</summary>
public static class HeartbeatModeNames
{
    public static readonly IReadOnlyList<(string Name, HeartbeatMode Value)> All =
        [("unicast", HeartbeatMode.Unicast), ("broadcast", HeartbeatMode.Broadcast), ("multicast", HeartbeatMode.Multicast)];
}
