namespace Tandem.Heartbeat;

/// <summary>
/// Who is alive, for the subsystems that act on it (resources, replication). With a single-node config there is
/// no peer: <see cref="Peer"/> is null and <see cref="PeerState"/> stays <see cref="NodeState.Unknown"/>.
/// </summary>
public interface IMembership
{
    /// <summary>The other node's name, or null when the cluster has one node.</summary>
    string? Peer { get; }

    NodeState PeerState { get; }

    /// <summary>The payload of the latest authentic heartbeat from the peer (empty before the first).</summary>
    ReadOnlyMemory<byte> PeerPayload { get; }

    /// <summary>What this node sends in its heartbeats from now on (at most 4 KiB; copied).</summary>
    void SetLocalPayload(ReadOnlyMemory<byte> payload);

    /// <summary>
    /// Node and link changes, late heartbeats, peer restarts and dropped messages, in order. Handlers run on
    /// the heartbeat's thread while it holds its lock: they must be quick and not block.
    /// </summary>
    event Action<MembershipEvent>? Changed;

    /// <summary>The peer's state, links and drop counters, or null without a peer.</summary>
    PeerSnapshot? Snapshot();
}
