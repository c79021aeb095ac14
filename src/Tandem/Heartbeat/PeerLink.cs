namespace Tandem.Heartbeat;

/// <summary>Bookkeeping of one link to the peer, owned by <see cref="MembershipStateMachine"/>.</summary>
sealed class PeerLink(int index, string endpoint)
{
    public int Index { get; } = index;
    public string Endpoint { get; } = endpoint;
    public LinkState State { get; set; } = LinkState.Unknown;
    public TimeSpan? LastHeard { get; set; }
    /// <summary>Highest sequence accepted on this link in the peer's current generation.</summary>
    public ulong LastSequence { get; set; }
    public long Forged { get; set; }
    public long Corrupt { get; set; }
    public long Replayed { get; set; }

    public long Count(DropReason reason) => reason switch
    {
        DropReason.Forged => ++Forged,
        DropReason.Corrupt => ++Corrupt,
        DropReason.Replayed => ++Replayed,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public LinkSnapshot Snapshot() => new(Index, Endpoint, State, new DropCounts(Forged, Corrupt, Replayed));
}
