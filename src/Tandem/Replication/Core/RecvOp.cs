using Tandem.Replication.Protocol;

namespace Tandem.Replication.Core;

enum RecvKind
{
    /// <summary>The Primary's write, applied in its epoch.</summary>
    Write,
    /// <summary>Resync data from the SyncSource.</summary>
    Resync,
    /// <summary>A read for the Diskless peer.</summary>
    PeerRead,
    /// <summary>A read for an online-verify comparison.</summary>
    VerifyRead,
}

/// <summary>
/// Something the peer asked this node to do to its disk, kept in arrival order: an operation starts
/// only when nothing earlier that overlaps it (and writes of earlier epochs) is still pending.
/// </summary>
sealed class RecvOp(RecvKind kind, ulong id, long offset, int length)
{
    public RecvKind Kind { get; } = kind;
    public ulong Id { get; } = id;
    public long Offset { get; } = offset;
    public int Length { get; } = length;
    public uint Epoch { get; init; }
    public Write? Write { get; init; }
    public ReadOnlyMemory<byte> Data { get; init; }
    public byte[]? Digest { get; init; }
    public bool InFlight { get; set; }
    public bool Done { get; set; }

    public bool Writes => Kind is RecvKind.Write or RecvKind.Resync;
}
