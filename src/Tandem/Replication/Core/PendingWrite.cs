using Tandem.Replication.Protocol;

namespace Tandem.Replication.Core;

/// <summary>How far a write's copy at the peer has got.</summary>
enum PeerPart
{
    /// <summary>Sent; waiting for the acknowledgement the protocol asks for.</summary>
    Waiting,
    /// <summary>Acknowledged as the protocol requires (A: sent, B: received, C: written).</summary>
    Acked,
    /// <summary>Not replicated: the range is marked out of sync in the bitmap.</summary>
    OutOfSync,
    /// <summary>The volume has no peer configured: there is nothing to replicate and nothing to track for one.</summary>
    NoPeer,
}

/// <summary>An application write on the Primary, from issue until the peer has it durably (its epoch's barrier ack).</summary>
sealed class PendingWrite(ulong req, long offset, int length, WriteKind kind, bool fua, TimeSpan issuedAt)
{
    public ulong Req { get; } = req;
    public long Offset { get; } = offset;
    public int Length { get; } = length;
    public WriteKind Kind { get; } = kind;
    public bool Fua { get; } = fua;
    public TimeSpan IssuedAt { get; } = issuedAt;

    /// <summary>Replication id (0 when not replicated) and epoch.</summary>
    public ulong Id { get; set; }
    public uint Epoch { get; set; }

    /// <summary>True when the local disk was written (the activity log pins its extents).</summary>
    public bool Local { get; set; }
    public bool LocalDone { get; set; }
    public bool LocalOk { get; set; }

    public PeerPart Peer { get; set; }

    /// <summary>Its epoch's flush barrier was acknowledged: durable on the peer.</summary>
    public bool PeerDurable { get; set; }

    public bool Completed { get; set; }
    public bool Retired { get; set; }
}

/// <summary>An application flush: done when the local disk is flushed and, under protocol C, the peer confirmed its epoch.</summary>
sealed class PendingFlush(ulong req)
{
    public ulong Req { get; } = req;
    public bool LocalDone { get; set; }
    public bool LocalOk { get; set; } = true;

    /// <summary>The epoch whose barrier ack the flush waits for, or 0 when it does not wait for the peer.</summary>
    public uint WaitEpoch { get; set; }
}
