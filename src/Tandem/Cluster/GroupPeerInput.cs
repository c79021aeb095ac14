using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>What <see cref="GroupPeerCore"/> is fed, one at a time.</summary>
public abstract record GroupPeerInput
{
    /// <summary>Membership's view of the peer node and the payload of its latest authentic heartbeat.</summary>
    public sealed record Observed(NodeState Node, ReadOnlyMemory<byte> Payload) : GroupPeerInput;

    /// <summary>This node's groups, as the group manager reports them now.</summary>
    public sealed record LocalStates(IReadOnlyDictionary<string, GroupState> States) : GroupPeerInput
    {
        /// <summary>This node's volumes that its groups use (the peer's auto_failback waits for them).</summary>
        public IReadOnlyList<VolumeReport> Volumes { get; init; } = [];
    }

    /// <summary>A request for the peer (from a group, an operator's maintenance command, or a volume's fencing).</summary>
    public sealed record Send(PeerRequestKind Kind, string Group) : GroupPeerInput
    {
        /// <summary>For outdate requests and answers: the asker's data generation.</summary>
        public ulong Token { get; init; }

        /// <summary>For outdate answers.</summary>
        public Replication.Core.OutdateResult Result { get; init; }
    }
}

/// <summary>What <see cref="GroupPeerCore"/> asks its host to do.</summary>
public abstract record GroupPeerAction
{
    /// <summary>The peer's state or its reported groups changed: tell the group manager.</summary>
    public sealed record PeerChanged(PeerState Old, PeerState New, string Why) : GroupPeerAction;

    /// <summary>Apply a request of the peer here (exactly once per request).</summary>
    public sealed record Deliver(PeerRequest Request) : GroupPeerAction;

    /// <summary>Send these bytes in every heartbeat from now on.</summary>
    public sealed record Publish(byte[] Payload) : GroupPeerAction;

    /// <summary>A request went into the payload.</summary>
    public sealed record Sent(PeerRequest Request) : GroupPeerAction;

    /// <summary>A request could not be sent (peer not alive, or replaced by the peer's death).</summary>
    public sealed record Dropped(PeerRequestKind Kind, string Group, string Why) : GroupPeerAction;

    /// <summary>The peer's payload cannot be read (reported once per distinct reason).</summary>
    public sealed record Unreadable(string Reason) : GroupPeerAction;
}
