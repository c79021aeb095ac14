using Tandem.Replication.Protocol;

namespace Tandem.Replication.Core;

/// <summary>Everything that can happen to a replica. The host feeds these to <see cref="ReplicaCore.Handle"/> one at a time.</summary>
public abstract record ReplicaInput
{
    /// <summary>An application write (NBD WRITE / TRIM / WRITE_ZEROES) with the host's request id.</summary>
    public sealed record AppWrite(ulong Req, long Offset, int Length, WriteKind Kind, bool Fua, ReadOnlyMemory<byte> Data) : ReplicaInput;

    public sealed record AppRead(ulong Req, long Offset, int Length) : ReplicaInput;

    public sealed record AppFlush(ulong Req) : ReplicaInput;

    /// <summary>A disk operation the core asked for finished; <paramref name="Data"/> holds what a read returned.</summary>
    public sealed record DiskDone(ulong Io, bool Ok, ReadOnlyMemory<byte> Data) : ReplicaInput;

    /// <summary>The link authenticated a connection to the peer.</summary>
    public sealed record PeerConnected : ReplicaInput;

    public sealed record PeerPacket(ReplicationPacket Packet) : ReplicaInput;

    public sealed record PeerLost(string Reason) : ReplicaInput;

    /// <summary>Heartbeat's verdict on the peer node: <paramref name="Dead"/> once deadtime passed without a word, false
    /// while it is heard (or not yet known). A fencing Primary may go on alone once the peer is dead.</summary>
    public sealed record PeerNode(bool Dead) : ReplicaInput;

    /// <summary>The peer, having lost the replication link while Primary, asks over heartbeat that this node's copy be
    /// marked Outdated; <paramref name="Token"/> is its current data generation.</summary>
    public sealed record OutdateRequest(ulong Token) : ReplicaInput;

    /// <summary>The peer's answer to this node's <see cref="ReplicaAction.OutdatePeer"/> with the same token.</summary>
    public sealed record OutdateAnswer(ulong Token, OutdateResult Result) : ReplicaInput;

    /// <summary>Time passed (drives the resync rate limit, progress and flush barriers).</summary>
    public sealed record Tick : ReplicaInput;
}
