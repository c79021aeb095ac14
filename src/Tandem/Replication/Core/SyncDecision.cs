namespace Tandem.Replication.Core;

/// <summary>What two replicas must do when they connect, decided from their generation UUIDs (DRBD's drbd_uuid_compare).</summary>
public enum SyncDecision
{
    /// <summary>Same data generation and nothing marked out of sync: no resync.</summary>
    NoSync,
    /// <summary>This node's data is newer; the peer's bitmap generation matches: only dirty blocks travel from here.</summary>
    SourceBitmap,
    /// <summary>The peer's data is newer; only dirty blocks travel to here.</summary>
    TargetBitmap,
    /// <summary>The peer's data is too old for a bitmap (or never synced): everything travels from here.</summary>
    SourceFull,
    /// <summary>Everything travels to here.</summary>
    TargetFull,
    /// <summary>Both nodes created new data generations while apart: the histories diverged.</summary>
    SplitBrain,
    /// <summary>The generations have nothing in common (different data sets); refused.</summary>
    Unrelated,
    /// <summary>Neither node has ever been made Primary: no data yet; one must be forced Primary.</summary>
    BothFresh,
}

/// <summary>
/// One side's view, as carried in a StateReport. <paramref name="LostPeerAsPrimary"/> is the metadata flag of that name:
/// the node was Primary when the two lost each other (DRBD: bit 0 of the bitmap UUID).
/// </summary>
public readonly record struct ReplicaView(
    ulong Current, ulong Bitmap, ulong History0, ulong History1,
    bool Consistent, bool CrashedPrimary, bool Primary, long OutOfSyncBytes, bool LostPeerAsPrimary = false);
