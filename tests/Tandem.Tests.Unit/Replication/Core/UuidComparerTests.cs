using Tandem.Config;
using Tandem.Metadata;
using Tandem.Replication.Core;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>The sync direction from generation UUIDs (DRBD's rules), and that both sides always agree.</summary>
public class UuidComparerTests
{
    const ulong Fresh = GenerationUuids.JustCreated;
    const ulong X = 0x1111, Y = 0x2222, Z = 0x3333, W = 0x4444;

    static ReplicaView V(ulong c, ulong b = 0, ulong h0 = 0, ulong h1 = 0, bool consistent = true, bool crashed = false, bool primary = false, long oos = 0) =>
        new(c, b, h0, h1, consistent, crashed, primary, oos);

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
    [InlineData(AfterSb0Pri.DiscardYoungerPrimary, 8192, 4096, SyncDecision.SplitBrain)]
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
