namespace Tandem.Heartbeat;

/// <summary>Messages dropped, by reason.</summary>
public sealed record DropCounts(long Forged, long Corrupt, long Replayed)
{
    public static DropCounts Zero { get; } = new(0, 0, 0);

    public DropCounts Plus(DropCounts o) => new(Forged + o.Forged, Corrupt + o.Corrupt, Replayed + o.Replayed);
}

public sealed record LinkSnapshot(int Index, string Endpoint, LinkState State, DropCounts Dropped);

/// <summary>The peer as this node sees it, for status and for other subsystems.</summary>
/// <param name="Generation">The peer's restart generation, or null before it was first heard.</param>
public sealed record PeerSnapshot(string Name, NodeState State, ulong? Generation, IReadOnlyList<LinkSnapshot> Links)
{
    public DropCounts Dropped => Links.Aggregate(DropCounts.Zero, (sum, l) => sum.Plus(l.Dropped));
}
