using Tandem.Config;
using Tandem.Metadata;
using Tandem.Replication.Core;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>The sync direction from generation UUIDs (DRBD's rules), and that both sides always agree.</summary>
public class UuidComparerTests
{
    const ulong Fresh = GenerationUuids.JustCreated;
    const ulong X = 0x1111, Y = 0x2222, Z = 0x3333, W = 0x4444;

    static ReplicaView V(ulong c, ulong b = 0, ulong h0 = 0, ulong h1 = 0, bool consistent = true, bool crashed = false, bool primary = false, long oos = 0,
        bool lostPeerAsPrimary = false) =>
        new(c, b, h0, h1, consistent, crashed, primary, oos, lostPeerAsPrimary);

    public static TheoryData<string, ReplicaView, ReplicaView, SyncDecision> Cases => new()
    {
        { "both new", V(Fresh, consistent: false), V(Fresh, consistent: false), SyncDecision.BothFresh },
        { "peer new: full sync from here", V(X), V(Fresh, consistent: false), SyncDecision.SourceFull },
        { "same generation", V(X), V(X), SyncDecision.NoSync },
        { "this node wrote while apart", V(Y, b: X), V(X), SyncDecision.SourceBitmap },
        { "the peer wrote while apart", V(X), V(Y, b: X), SyncDecision.TargetBitmap },
        { "both wrote while apart", V(Y, b: X), V(Z, b: X), SyncDecision.SplitBrain },
        { "both wrote, one of them twice", V(Y, b: X, h0: W), V(Z, b: X), SyncDecision.SplitBrain },
        { "peer too old for a bitmap", V(Z, b: Y, h0: X), V(X), SyncDecision.SourceFull },
        { "unrelated data", V(X), V(Y), SyncDecision.Unrelated },
        { "interrupted resync goes on", V(X), V(X, consistent: false), SyncDecision.SourceBitmap },
        { "a crashed Primary's extents travel from it", V(X, crashed: true, oos: 4096), V(X), SyncDecision.SourceBitmap },
        { "blocks found by verify: the Primary's copy wins", V(X, primary: true, oos: 4096), V(X, oos: 4096), SyncDecision.SourceBitmap },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_and_the_peer_reaches_the_mirror_decision(string story, ReplicaView self, ReplicaView peer, SyncDecision expected)
    {
        Assert.True(expected == UuidComparer.Compare(self, peer), story);
        Assert.Equal(Mirror(expected), UuidComparer.Compare(peer, self));
    }

    static SyncDecision Mirror(SyncDecision d) => d switch
    {
        SyncDecision.SourceBitmap => SyncDecision.TargetBitmap,
        SyncDecision.TargetBitmap => SyncDecision.SourceBitmap,
        SyncDecision.SourceFull => SyncDecision.TargetFull,
        SyncDecision.TargetFull => SyncDecision.SourceFull,
        _ => d,
    };

    [Fact]
    public void Random_histories_always_give_mirror_decisions()
    {
        var r = new Random(7);
        ulong[] pool = [0, Fresh, X, Y, Z, W];
        for (int i = 0; i < 20_000; i++)
        {
            ReplicaView Pick() => V(pool[r.Next(1, pool.Length)], pool[r.Next(pool.Length)], pool[r.Next(pool.Length)], pool[r.Next(pool.Length)],
                r.Next(2) == 0, r.Next(4) == 0, r.Next(3) == 0, r.Next(3) * 4096);
            var a = Pick();
            var b = Pick();
            Assert.Equal(Mirror(UuidComparer.Compare(a, b)), UuidComparer.Compare(b, a));
        }
    }

    [Theory]
    [InlineData(AfterSb0Pri.Disconnect, 0, 4096, SyncDecision.SplitBrain)]
    [InlineData(AfterSb0Pri.DiscardZeroChanges, 0, 4096, SyncDecision.TargetBitmap)]
    [InlineData(AfterSb0Pri.DiscardZeroChanges, 8192, 4096, SyncDecision.SplitBrain)]
    [InlineData(AfterSb0Pri.DiscardLeastChanges, 8192, 4096, SyncDecision.SourceBitmap)]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, 8192, 4096, SyncDecision.SourceBitmap)] // neither was Primary at the split: least changes
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, 4096, 8192, SyncDecision.TargetBitmap)]
    public void Split_brain_without_a_primary_follows_after_sb_0pri(AfterSb0Pri policy, long selfChanges, long peerChanges, SyncDecision expected)
    {
        var self = V(Y, b: X, oos: selfChanges);
        var peer = V(Z, b: X, oos: peerChanges);
        var mine = SplitBrainResolver.Resolve(self, peer, false, false, policy, AfterSb1Pri.Disconnect, AfterSb2Pri.Disconnect);
        var theirs = SplitBrainResolver.Resolve(peer, self, false, false, policy, AfterSb1Pri.Disconnect, AfterSb2Pri.Disconnect);
        Assert.Equal(expected, mine.Decision);
        Assert.Equal(Mirror(expected), theirs.Decision);
        Assert.False(string.IsNullOrWhiteSpace(mine.Reason));
    }

    [Theory]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, true, SyncDecision.SourceBitmap)]  // the peer was promoted later: it loses
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, false, SyncDecision.TargetBitmap)] // this node was promoted later: it loses
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, true, SyncDecision.TargetBitmap)]    // this node was Primary first: it loses
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, false, SyncDecision.SourceBitmap)]
    public void Discard_younger_or_older_primary_goes_by_who_was_primary_when_the_nodes_lost_each_other(
        AfterSb0Pri policy, bool selfWasPrimary, SyncDecision expected)
    {
        // The victim changed fewer bytes in one case and more in the other: the changes do not decide, the flag does.
        foreach (var (selfChanges, peerChanges) in new[] { (4096L, 8192L), (8192L, 4096L), (4096L, 4096L) })
        {
            var self = V(Y, b: X, oos: selfChanges, lostPeerAsPrimary: selfWasPrimary);
            var peer = V(Z, b: X, oos: peerChanges, lostPeerAsPrimary: !selfWasPrimary);
            var mine = SplitBrainResolver.Resolve(self, peer, false, false, policy, AfterSb1Pri.Disconnect, AfterSb2Pri.Disconnect);
            var theirs = SplitBrainResolver.Resolve(peer, self, false, false, policy, AfterSb1Pri.Disconnect, AfterSb2Pri.Disconnect);
            Assert.Equal(expected, mine.Decision);
            Assert.Equal(Mirror(expected), theirs.Decision);
            string name = ConfigNames.Of(ConfigNames.AfterSb0, policy);
            Assert.Equal($"{(selfWasPrimary ? "this node" : "the peer")} was Primary when the nodes lost each other, " +
                $"{(selfWasPrimary ? "the peer" : "this node")} was promoted later (after_sb_0pri = {name})", mine.Reason);
        }
    }

    [Theory]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, false)]
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, true)]
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, false)]
    [InlineData(AfterSb0Pri.DiscardOlderPrimary, true)]
    public void When_both_or_neither_were_primary_at_the_split_the_fewer_changes_lose_as_in_drbd(AfterSb0Pri policy, bool both)
    {
        var self = V(Y, b: X, oos: 4096, lostPeerAsPrimary: both);
        var peer = V(Z, b: X, oos: 8192, lostPeerAsPrimary: both);
        var mine = SplitBrainResolver.Resolve(self, peer, false, false, policy, default, default);
        var theirs = SplitBrainResolver.Resolve(peer, self, false, false, policy, default, default);
        Assert.Equal(SyncDecision.TargetBitmap, mine.Decision);
        Assert.Equal(SyncDecision.SourceBitmap, theirs.Decision);
        Assert.Equal($"after_sb_0pri = {ConfigNames.Of(ConfigNames.AfterSb0, policy)} cannot tell ({(both ? "both nodes were" : "neither node was")} Primary " +
            "when they lost each other), falling back to discard-least-changes: this node changed fewer bytes (4096 < 8192)", mine.Reason);

        // As many changes on both: the generation tie-break, still one victim that both sides agree on.
        var evenSelf = self with { OutOfSyncBytes = 8192 };
        var evenMine = SplitBrainResolver.Resolve(evenSelf, peer, false, false, policy, default, default);
        var evenTheirs = SplitBrainResolver.Resolve(peer, evenSelf, false, false, policy, default, default);
        Assert.True(evenMine.Resolved);
        Assert.Equal(Mirror(evenMine.Decision), evenTheirs.Decision);
        Assert.Contains("both changed as many bytes", evenMine.Reason);
        Assert.Contains("tie-break", evenMine.Reason);
    }

    [Fact]
    public void Consensus_with_one_primary_follows_discard_younger_primary_only_when_it_picks_the_secondary()
    {
        // This node is Primary now; it was also Primary at the split. The Secondary was promoted apart, then demoted.
        var self = V(Y, b: X, primary: true, oos: 4096, lostPeerAsPrimary: true);
        var peer = V(Z, b: X, oos: 8192);
        Assert.Equal(SyncDecision.SourceBitmap,
            SplitBrainResolver.Resolve(self, peer, false, false, AfterSb0Pri.DiscardYoungerPrimary, AfterSb1Pri.Consensus, default).Decision);
        Assert.Equal(SyncDecision.SplitBrain,
            SplitBrainResolver.Resolve(self, peer, false, false, AfterSb0Pri.DiscardOlderPrimary, AfterSb1Pri.Consensus, default).Decision);
    }

    [Fact]
    public void Random_split_brains_under_every_policy_give_mirror_outcomes()
    {
        var r = new Random(11);
        foreach (var policy in Enum.GetValues<AfterSb0Pri>())
            for (int i = 0; i < 2_000; i++)
            {
                var a = V(Y, b: X, oos: r.Next(3) * 4096, lostPeerAsPrimary: r.Next(2) == 0);
                var b = V(Z, b: X, oos: r.Next(3) * 4096, lostPeerAsPrimary: r.Next(2) == 0);
                var ab = SplitBrainResolver.Resolve(a, b, false, false, policy, default, default);
                var ba = SplitBrainResolver.Resolve(b, a, false, false, policy, default, default);
                Assert.Equal(Mirror(ab.Decision), ba.Decision);
                Assert.False(string.IsNullOrWhiteSpace(ab.Reason));
            }
    }

    [Fact]
    public void Discard_my_data_makes_that_node_the_target_and_discard_secondary_picks_the_secondary()
    {
        var self = V(Y, b: X, oos: 4096);
        var peer = V(Z, b: X, oos: 4096, primary: true);
        Assert.Equal(SyncDecision.TargetBitmap, SplitBrainResolver.Resolve(self, peer, true, false, default, default, default).Decision);
        Assert.Equal(SyncDecision.SplitBrain, SplitBrainResolver.Resolve(self, peer, true, true, default, default, default).Decision);
        Assert.Equal(SyncDecision.TargetBitmap, SplitBrainResolver.Resolve(self, peer, false, false, default, AfterSb1Pri.DiscardSecondary, default).Decision);
        Assert.Equal(SyncDecision.SplitBrain, SplitBrainResolver.Resolve(self, peer, false, false, default, AfterSb1Pri.Disconnect, default).Decision);
    }
}
