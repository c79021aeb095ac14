using Tandem.Config;

namespace Tandem.Replication.Core;

/// <summary>The outcome of a split brain: who loses its changes, or nobody (disconnect and report).</summary>
public readonly record struct SplitBrainOutcome(SyncDecision Decision, string Reason)
{
    public bool Resolved => Decision is SyncDecision.SourceBitmap or SyncDecision.TargetBitmap;
}

/// <summary>
/// Applies the after-sb-0pri/1pri/2pri policies and the operator's <c>--discard-my-data</c> to a split
/// brain, as DRBD does. Symmetric: both sides reach mirror outcomes from the same two reports. Data is
/// never merged: the victim resyncs every block either side changed since the histories diverged.
/// </summary>
public static class SplitBrainResolver
{
    public static SplitBrainOutcome Resolve(
        ReplicaView self, ReplicaView peer, bool selfDiscards, bool peerDiscards,
        AfterSb0Pri sb0, AfterSb1Pri sb1, AfterSb2Pri sb2)
    {
        if (selfDiscards && !peerDiscards)
            return new(SyncDecision.TargetBitmap, "this node was told to discard its data (--discard-my-data)");
        if (peerDiscards && !selfDiscards)
            return new(SyncDecision.SourceBitmap, "the peer was told to discard its data (--discard-my-data)");
        if (selfDiscards && peerDiscards)
            return new(SyncDecision.SplitBrain, "both nodes were told to discard their data; run --discard-my-data on one only");

        int primaries = (self.Primary ? 1 : 0) + (peer.Primary ? 1 : 0);
        return primaries switch
        {
            0 => ZeroPrimaries(self, peer, sb0),
            1 => OnePrimary(self, peer, sb0, sb1),
            _ => new(SyncDecision.SplitBrain, sb2 == AfterSb2Pri.Disconnect
                ? "both nodes are Primary (after_sb_2pri = disconnect)" : "both nodes are Primary"),
        };
    }

    static SplitBrainOutcome ZeroPrimaries(ReplicaView self, ReplicaView peer, AfterSb0Pri policy)
    {
        switch (policy)
        {
            case AfterSb0Pri.DiscardZeroChanges:
                if (self.OutOfSyncBytes == 0 && peer.OutOfSyncBytes > 0)
                    return new(SyncDecision.TargetBitmap, "this node wrote nothing while apart (after_sb_0pri = discard-zero-changes)");
                if (peer.OutOfSyncBytes == 0 && self.OutOfSyncBytes > 0)
                    return new(SyncDecision.SourceBitmap, "the peer wrote nothing while apart (after_sb_0pri = discard-zero-changes)");
                if (self.OutOfSyncBytes == 0 && peer.OutOfSyncBytes == 0)
                    return TieBreak(self, peer, "neither node wrote anything while apart");
                return new(SyncDecision.SplitBrain, "both nodes wrote data while apart (after_sb_0pri = discard-zero-changes)");
            case AfterSb0Pri.DiscardLeastChanges:
                return LeastChanges(self, peer, "after_sb_0pri = discard-least-changes");
            case AfterSb0Pri.DiscardYoungerPrimary:
            case AfterSb0Pri.DiscardOlderPrimary:
                return ByPrimaryAtSplit(self, peer, policy);
            default:
                return new(SyncDecision.SplitBrain, "after_sb_0pri = disconnect");
        }
    }

    static SplitBrainOutcome OnePrimary(ReplicaView self, ReplicaView peer, AfterSb0Pri sb0, AfterSb1Pri policy)
    {
        var secondaryLoses = self.Primary ? SyncDecision.SourceBitmap : SyncDecision.TargetBitmap;
        switch (policy)
        {
            case AfterSb1Pri.DiscardSecondary:
                return new(secondaryLoses, "the Secondary's changes are discarded (after_sb_1pri = discard-secondary)");
            case AfterSb1Pri.Consensus:
                var zero = ZeroPrimaries(self, peer, sb0);
                return zero.Decision == secondaryLoses
                    ? new(secondaryLoses, $"after_sb_1pri = consensus: {zero.Reason}")
                    : new(SyncDecision.SplitBrain, "after_sb_1pri = consensus: after_sb_0pri would not discard the Secondary");
            default:
                return new(SyncDecision.SplitBrain, "after_sb_1pri = disconnect");
        }
    }

    /// <summary>The node that changed fewer bytes loses; <paramref name="policy"/>, if any, is named in the reason.</summary>
    static SplitBrainOutcome LeastChanges(ReplicaView self, ReplicaView peer, string? policy)
    {
        string named = policy is null ? "" : $"; {policy}";
        if (self.OutOfSyncBytes < peer.OutOfSyncBytes)
            return new(SyncDecision.TargetBitmap, $"this node changed fewer bytes ({self.OutOfSyncBytes} < {peer.OutOfSyncBytes}{named})");
        if (peer.OutOfSyncBytes < self.OutOfSyncBytes)
            return new(SyncDecision.SourceBitmap, $"the peer changed fewer bytes ({peer.OutOfSyncBytes} < {self.OutOfSyncBytes}{named})");
        return TieBreak(self, peer, "both changed as many bytes");
    }

    /// <summary>
    /// discard-younger-primary / discard-older-primary. No clocks: what decides is which node was Primary when the two
    /// lost each other (<see cref="ReplicaView.LostPeerAsPrimary"/>); the other was promoted later, while apart, and is
    /// the "younger" Primary. When that does not tell them apart (both or neither were Primary then, e.g. both were
    /// Secondary when the link went and both were promoted apart, or a peer whose metadata predates the flag), the
    /// answer is DRBD's: discard-least-changes, then the generation tie-break, so both sides still agree.
    /// </summary>
    static SplitBrainOutcome ByPrimaryAtSplit(ReplicaView self, ReplicaView peer, AfterSb0Pri policy)
    {
        bool younger = policy == AfterSb0Pri.DiscardYoungerPrimary;
        string name = $"after_sb_0pri = {ConfigNames.Of(ConfigNames.AfterSb0, policy)}";
        if (self.LostPeerAsPrimary != peer.LostPeerAsPrimary)
        {
            bool selfLoses = younger ? !self.LostPeerAsPrimary : self.LostPeerAsPrimary;
            string older = self.LostPeerAsPrimary ? "this node" : "the peer", later = self.LostPeerAsPrimary ? "the peer" : "this node";
            string why = $"{older} was Primary when the nodes lost each other, {later} was promoted later ({name})";
            return new(selfLoses ? SyncDecision.TargetBitmap : SyncDecision.SourceBitmap, why);
        }
        string both = self.LostPeerAsPrimary ? "both nodes were Primary" : "neither node was Primary";
        var least = LeastChanges(self, peer, null);
        return least with { Reason = $"{name} cannot tell ({both} when they lost each other), falling back to discard-least-changes: {least.Reason}" };
    }

    /// <summary>Both sides must pick the same victim: the node with the smaller current UUID loses.</summary>
    static SplitBrainOutcome TieBreak(ReplicaView self, ReplicaView peer, string why) =>
        self.Current < peer.Current
            ? new(SyncDecision.TargetBitmap, $"{why}; this node's generation loses the tie-break")
            : new(SyncDecision.SourceBitmap, $"{why}; the peer's generation loses the tie-break");
}
