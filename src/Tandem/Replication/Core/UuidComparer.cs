using Tandem.Metadata;

namespace Tandem.Replication.Core;

/// <summary>
/// Decides the sync direction at connect time from both sides' generation UUIDs. Symmetric: the peer
/// evaluating (peer, self) reaches the mirror decision. Follows DRBD 8.4's drbd_uuid_compare in spirit:
/// the bitmap UUID marks the generation from which a node has been tracking its changes, history UUIDs
/// are older generations.
/// </summary>
public static class UuidComparer
{
    public static SyncDecision Compare(ReplicaView self, ReplicaView peer)
    {
        const ulong Fresh = GenerationUuids.JustCreated;
        bool selfFresh = self.Current == Fresh, peerFresh = peer.Current == Fresh;
        if (selfFresh && peerFresh)
            return SyncDecision.BothFresh;
        if (peerFresh)
            return SyncDecision.SourceFull;
        if (selfFresh)
            return SyncDecision.TargetFull;

        if (self.Current == peer.Current)
            return SameGeneration(self, peer);

        // One side moved on while the other stayed where the mover started tracking.
        bool selfTracksPeer = self.Bitmap != 0 && self.Bitmap == peer.Current;
        bool peerTracksSelf = peer.Bitmap != 0 && peer.Bitmap == self.Current;
        if (selfTracksPeer && !peerTracksSelf)
            return SyncDecision.SourceBitmap;
        if (peerTracksSelf && !selfTracksPeer)
            return SyncDecision.TargetBitmap;

        // Both moved on from the same generation: each wrote data the other does not have.
        if (self.Bitmap != 0 && self.Bitmap == peer.Bitmap)
            return SyncDecision.SplitBrain;
        if (self.Bitmap != 0 && (self.Bitmap == peer.History0 || self.Bitmap == peer.History1))
            return SyncDecision.SplitBrain;
        if (peer.Bitmap != 0 && (peer.Bitmap == self.History0 || peer.Bitmap == self.History1))
            return SyncDecision.SplitBrain;

        // The peer's generation is in our history: it is older than what our bitmap covers.
        bool peerIsOlder = InHistory(peer.Current, self), selfIsOlder = InHistory(self.Current, peer);
        if (peerIsOlder && !selfIsOlder)
            return SyncDecision.SourceFull;
        if (selfIsOlder && !peerIsOlder)
            return SyncDecision.TargetFull;
        return SyncDecision.Unrelated; // nothing in common, or histories that contradict each other
    }

    static bool InHistory(ulong uuid, ReplicaView v) => uuid != 0 && (uuid == v.History0 || uuid == v.History1);

    static SyncDecision SameGeneration(ReplicaView self, ReplicaView peer)
    {
        // An interrupted resync: the consistent side goes on feeding the inconsistent one.
        if (self.Consistent && !peer.Consistent)
            return SyncDecision.SourceBitmap;
        if (!self.Consistent && peer.Consistent)
            return SyncDecision.TargetBitmap;
        if (!self.Consistent && !peer.Consistent)
            return SyncDecision.BothFresh;
        // A Primary that crashed may hold writes (its activity log) that never reached the peer.
        if (self.CrashedPrimary && !peer.CrashedPrimary)
            return SyncDecision.SourceBitmap;
        if (peer.CrashedPrimary && !self.CrashedPrimary)
            return SyncDecision.TargetBitmap;
        // Blocks marked by an online verify: the Primary's copy is the reference.
        if (self.OutOfSyncBytes + peer.OutOfSyncBytes > 0)
        {
            if (self.Primary && !peer.Primary)
                return SyncDecision.SourceBitmap;
            if (peer.Primary && !self.Primary)
                return SyncDecision.TargetBitmap;
        }
        return SyncDecision.NoSync;
    }
}
