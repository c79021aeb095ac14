using System.Buffers;
using Tandem.Config;
using Tandem.Metadata;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Tests.Unit.Replication.Protocol;
using Tandem.Volume;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>
/// Split brain between two real cores, every packet through the codec: the node that was Primary when the two lost
/// each other records so in its metadata (LostPeerAsPrimary), tells the peer in its state report, and
/// after_sb_0pri = discard-younger-primary / discard-older-primary pick the victim from that.
/// </summary>
public class ReplicaCoreSplitBrainTests
{
    const long Size = 1 << 20;
    const int Block = 4096;
    const ulong Gen0 = 0x1234_5678_9ABC_DEF0;

    /// <summary>One core with an in-memory disk; disk actions complete at once.</summary>
    sealed class Node(string name, ReplicaCore core)
    {
        public string Name { get; } = name;
        public ReplicaCore Core { get; } = core;
        public byte[] Disk { get; } = new byte[Size];
        public List<ReplicaAction> Log { get; } = [];
        public ReplicaAction.PersistMetadata? Persisted { get; set; }
    }

    sealed class Pair
    {
        readonly Queue<(Node To, ReplicaInput Input)> _queue = new();
        public Node A { get; }
        public Node B { get; }
        public bool Wired { get; private set; }
        public TimeSpan Now { get; private set; }

        public Pair(AfterSb0Pri sb0, AfterSb1Pri sb1 = AfterSb1Pri.Disconnect)
        {
            var settings = new ReplicaSettings
            {
                Volume = "r0", SizeBytes = Size, Fencing = FencingPolicy.DontCare, AfterSb0Pri = sb0, AfterSb1Pri = sb1,
                ResyncChunk = 64 * 1024,
            };
            var flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate;
            A = new Node("a", new ReplicaCore(settings, new GenerationUuids(Gen0, 0, 0, 0), flags, new DirtyBitmap(Size), new Random(1)));
            B = new Node("b", new ReplicaCore(settings, new GenerationUuids(Gen0, 0, 0, 0), flags, new DirtyBitmap(Size), new Random(2)));
            Run(A, A.Core.Attach(Now));
            Run(B, B.Core.Attach(Now));
        }

        Node Other(Node n) => n == A ? B : A;

        public void Connect()
        {
            Wired = true;
            _queue.Enqueue((A, new ReplicaInput.PeerConnected()));
            _queue.Enqueue((B, new ReplicaInput.PeerConnected()));
            Pump();
        }

        public void Cut()
        {
            Wired = false;
            _queue.Clear();
            Run(A, A.Core.Handle(new ReplicaInput.PeerLost("cut"), Now));
            Run(B, B.Core.Handle(new ReplicaInput.PeerLost("cut"), Now));
        }

        public CommandOutcome Do(Node n, Func<ReplicaCore, TimeSpan, CommandOutcome> command)
        {
            var o = command(n.Core, Now);
            Run(n, o.Actions);
            return o;
        }

        public void Write(Node n, int block, byte fill)
        {
            var data = new byte[Block];
            Array.Fill(data, fill);
            _queue.Enqueue((n, new ReplicaInput.AppWrite((ulong)block + 1, (long)block * Block, Block, WriteKind.Data, false, data)));
            Pump();
        }

        /// <summary>Ticks until nothing moves any more or <paramref name="done"/> holds.</summary>
        public bool RunUntil(Func<bool> done)
        {
            for (int i = 0; i < 500 && !done(); i++)
            {
                Now += TimeSpan.FromMilliseconds(10);
                _queue.Enqueue((A, new ReplicaInput.Tick()));
                _queue.Enqueue((B, new ReplicaInput.Tick()));
                Pump();
            }
            return done();
        }

        void Pump()
        {
            while (_queue.TryDequeue(out var item))
                Run(item.To, item.To.Core.Handle(item.Input, Now));
        }

        void Run(Node n, IReadOnlyList<ReplicaAction> actions)
        {
            n.Log.AddRange(actions);
            foreach (var a in actions)
            {
                switch (a)
                {
                    case ReplicaAction.Send s when Wired:
                        _queue.Enqueue((Other(n), new ReplicaInput.PeerPacket(OverTheWire(s.Packet))));
                        break;
                    case ReplicaAction.DiskWrite w:
                        if (w.Kind == WriteKind.Data)
                            w.Data.Span.CopyTo(n.Disk.AsSpan((int)w.Offset, w.Length));
                        _queue.Enqueue((n, new ReplicaInput.DiskDone(w.Io, true, default)));
                        break;
                    case ReplicaAction.DiskRead r:
                        _queue.Enqueue((n, new ReplicaInput.DiskDone(r.Io, true, n.Disk.AsMemory((int)r.Offset, r.Length).ToArray())));
                        break;
                    case ReplicaAction.DiskFlush f:
                        _queue.Enqueue((n, new ReplicaInput.DiskDone(f.Io, true, default)));
                        break;
                    case ReplicaAction.PersistMetadata p:
                        n.Persisted = p;
                        break;
                }
            }
        }
    }

    /// <summary>Encoded and parsed again, as the link does: only what the codec carries reaches the peer.</summary>
    static ReplicationPacket OverTheWire(ReplicationPacket p)
    {
        var buffer = new ReadOnlySequence<byte>(FrameBuilder.Encode(p));
        Assert.True(ReplicationCodec.TryRead(ref buffer, out var read));
        return read;
    }

    static bool InSync(Pair c) =>
        c.A.Core.State.Connection == ConnectionState.Connected && c.B.Core.State.Connection == ConnectionState.Connected
        && c.A.Core.State.Disk == DiskState.UpToDate && c.B.Core.State.Disk == DiskState.UpToDate;

    static bool Has(Node n, MetadataFlags f) => n.Core.Flags.HasFlag(f);

    /// <summary>
    /// a is Primary and connected to b; the link goes; a writes on alone; b is promoted apart and writes too; both are
    /// demoted (after_sb_0pri applies: no Primary when they meet again).
    /// </summary>
    static Pair PrimaryLostThePeerThenTheOtherWasPromoted(AfterSb0Pri sb0)
    {
        var c = new Pair(sb0);
        c.Connect();
        Assert.True(InSync(c));
        Assert.True(c.Do(c.A, (core, t) => core.Promote(false, t)).Ok);
        c.Write(c.A, 0, 0x01);

        c.Cut();
        Assert.True(Has(c.A, MetadataFlags.LostPeerAsPrimary), "a was Primary when it lost the peer");
        Assert.True(c.A.Persisted!.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary), "and that is on disk with the new bitmap UUID");
        Assert.Equal(Gen0, c.A.Persisted.Uuids.Bitmap);
        Assert.False(Has(c.B, MetadataFlags.LostPeerAsPrimary));
        c.Write(c.A, 1, 0xA1);

        Assert.True(c.Do(c.B, (core, t) => core.Promote(false, t)).Ok);
        Assert.False(c.B.Persisted!.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary), "b was Secondary when the nodes lost each other");
        Assert.Equal(Gen0, c.B.Persisted.Uuids.Bitmap);
        c.Write(c.B, 2, 0xB2);
        c.Write(c.B, 3, 0xB3);

        Assert.True(c.Do(c.A, (core, t) => core.Demote(null, t)).Ok);
        Assert.True(c.Do(c.B, (core, t) => core.Demote(null, t)).Ok);
        Assert.True(Has(c.A, MetadataFlags.LostPeerAsPrimary), "a demotion does not change what happened at the split");
        return c;
    }

    [Fact]
    public void Discard_younger_primary_keeps_the_node_that_was_primary_when_the_link_went()
    {
        var c = PrimaryLostThePeerThenTheOtherWasPromoted(AfterSb0Pri.DiscardYoungerPrimary);
        c.Connect();
        // b changed more blocks than a: discard-least-changes would have kept b. The policy keeps a.
        Assert.Contains(c.B.Log, a => a is ReplicaAction.Notice n && n.Text ==
            "r0: split brain resolved: the peer was Primary when the nodes lost each other, this node was promoted later " +
            "(after_sb_0pri = discard-younger-primary); this node's changes are discarded");
        Assert.Contains(c.A.Log, a => a is ReplicaAction.Notice n && n.Text.EndsWith("the peer's changes are discarded"));
        Assert.True(c.RunUntil(() => InSync(c)));
        Assert.Equal(c.A.Disk, c.B.Disk);
        Assert.Equal(0xA1, c.B.Disk[1 * Block]);
        Assert.Equal(0, c.B.Disk[2 * Block]);
        Assert.Equal(c.A.Core.Uuids.Current, c.B.Core.Uuids.Current);
        Assert.False(c.A.Core.SplitBrain || c.B.Core.SplitBrain);
        // Resynced: both share one generation again and neither bitmap UUID nor flag is left.
        Assert.Equal(0ul, c.A.Core.Uuids.Bitmap);
        Assert.False(Has(c.A, MetadataFlags.LostPeerAsPrimary) || Has(c.B, MetadataFlags.LostPeerAsPrimary));
        Assert.False(c.A.Persisted!.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
    }

    [Fact]
    public void Discard_older_primary_keeps_the_node_promoted_while_apart()
    {
        var c = PrimaryLostThePeerThenTheOtherWasPromoted(AfterSb0Pri.DiscardOlderPrimary);
        c.Connect();
        Assert.Contains(c.A.Log, a => a is ReplicaAction.Notice n && n.Text ==
            "r0: split brain resolved: this node was Primary when the nodes lost each other, the peer was promoted later " +
            "(after_sb_0pri = discard-older-primary); this node's changes are discarded");
        Assert.True(c.RunUntil(() => InSync(c)));
        Assert.Equal(c.B.Disk, c.A.Disk);
        Assert.Equal(0xB2, c.A.Disk[2 * Block]);
        Assert.Equal(0, c.A.Disk[1 * Block]);
        Assert.False(Has(c.A, MetadataFlags.LostPeerAsPrimary) || Has(c.B, MetadataFlags.LostPeerAsPrimary));
    }

    [Fact]
    public void When_neither_was_primary_at_the_split_the_node_with_fewer_changes_loses()
    {
        var c = new Pair(AfterSb0Pri.DiscardYoungerPrimary);
        c.Connect();
        c.Cut(); // both Secondary: nobody starts a generation yet
        Assert.True(c.Do(c.A, (core, t) => core.Promote(false, t)).Ok);
        c.Write(c.A, 1, 0xA1);
        Assert.True(c.Do(c.B, (core, t) => core.Promote(false, t)).Ok);
        c.Write(c.B, 2, 0xB2);
        c.Write(c.B, 3, 0xB3);
        Assert.True(c.Do(c.A, (core, t) => core.Demote(null, t)).Ok);
        Assert.True(c.Do(c.B, (core, t) => core.Demote(null, t)).Ok);
        Assert.False(Has(c.A, MetadataFlags.LostPeerAsPrimary) || Has(c.B, MetadataFlags.LostPeerAsPrimary));

        c.Connect();
        Assert.Contains(c.A.Log, a => a is ReplicaAction.Notice n && n.Text.StartsWith(
            "r0: split brain resolved: after_sb_0pri = discard-younger-primary cannot tell (neither node was Primary when they lost each other), " +
            "falling back to discard-least-changes: this node changed fewer bytes (4096 < 8192)"));
        Assert.True(c.RunUntil(() => InSync(c)));
        Assert.Equal(c.B.Disk, c.A.Disk);
    }

    [Fact]
    public void A_crashed_primary_promoted_again_apart_counts_as_primary_at_the_split()
    {
        // Metadata as a Primary left it when it crashed (the host adds CrashedPrimary at attach).
        var settings = new ReplicaSettings { Volume = "r0", SizeBytes = Size, Fencing = FencingPolicy.DontCare };
        var core = new ReplicaCore(settings, new GenerationUuids(Gen0, 0, 0, 0),
            MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.PrimaryInd | MetadataFlags.CrashedPrimary,
            new DirtyBitmap(Size), new Random(3));
        core.Attach(TimeSpan.Zero);
        var promote = core.Promote(true, TimeSpan.Zero);
        Assert.True(promote.Ok, promote.Message);
        Assert.Equal(Gen0, core.Uuids.Bitmap);
        Assert.True(core.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
        Assert.Contains(promote.Actions, a => a is ReplicaAction.PersistMetadata p && p.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
    }

    [Fact]
    public void A_peer_whose_report_lacks_the_flag_is_taken_as_not_primary_at_the_split()
    {
        // An older peer (or metadata from before the flag) that was in fact Primary at the split reports the bit clear. This
        // node was Secondary then: neither claims the split, so the fallback decides, the same way on both sides.
        var settings = new ReplicaSettings { Volume = "r0", SizeBytes = Size, Fencing = FencingPolicy.DontCare, AfterSb0Pri = AfterSb0Pri.DiscardOlderPrimary };
        const ulong Mine = 0x5555_0000_0000_0001, Theirs = 0x6666_0000_0000_0001;
        var bitmap = new DirtyBitmap(Size);
        bitmap.SetRange(0, 3 * Block);
        var core = new ReplicaCore(settings, new GenerationUuids(Mine, Gen0, 0, 0), MetadataFlags.Consistent | MetadataFlags.WasUpToDate, bitmap, new Random(4));
        core.Attach(TimeSpan.Zero);
        core.Handle(new ReplicaInput.PeerConnected(), TimeSpan.Zero);
        var report = new StateReport(Role.Secondary, DiskState.UpToDate, Theirs, Gen0, 0, 0,
            (uint)(MetadataFlags.Consistent | MetadataFlags.WasUpToDate), Block, Size, false);
        var actions = core.Handle(new ReplicaInput.PeerPacket(OverTheWire(report)), TimeSpan.Zero);
        Assert.Contains(actions, a => a is ReplicaAction.Notice n && n.Text.Contains("cannot tell (neither node was Primary when they lost each other)")
            && n.Text.Contains("the peer changed fewer bytes (4096 < 12288)") && n.Text.EndsWith("the peer's changes are discarded"));
        Assert.Equal(ConnectionState.WFBitMapS, core.State.Connection);

        // The same peer with the flag set: it was Primary at the split, and discard-older-primary discards its changes even
        // though this node changed fewer bytes (none).
        var core2 = new ReplicaCore(settings, new GenerationUuids(Mine, Gen0, 0, 0), MetadataFlags.Consistent | MetadataFlags.WasUpToDate, new DirtyBitmap(Size), new Random(5));
        core2.Attach(TimeSpan.Zero);
        core2.Handle(new ReplicaInput.PeerConnected(), TimeSpan.Zero);
        var flagged = report with { MetadataFlags = report.MetadataFlags | (uint)MetadataFlags.LostPeerAsPrimary, OutOfSyncBytes = 2 * Block };
        var actions2 = core2.Handle(new ReplicaInput.PeerPacket(OverTheWire(flagged)), TimeSpan.Zero);
        Assert.Contains(actions2, a => a is ReplicaAction.Notice n && n.Text.Contains("the peer was Primary when the nodes lost each other"));
        Assert.Equal(ConnectionState.WFBitMapS, core2.State.Connection);
    }

    [Fact]
    public void Disconnect_policy_still_reports_the_split_brain_and_keeps_both()
    {
        var c = PrimaryLostThePeerThenTheOtherWasPromoted(AfterSb0Pri.Disconnect);
        c.Connect();
        Assert.True(c.A.Core.SplitBrain && c.B.Core.SplitBrain);
        Assert.Equal(ConnectionState.StandAlone, c.A.Core.State.Connection);
        Assert.Equal(0xA1, c.A.Disk[1 * Block]);
        Assert.Equal(0xB2, c.B.Disk[2 * Block]);
        Assert.True(Has(c.A, MetadataFlags.LostPeerAsPrimary), "kept until the split brain is resolved");
    }
}
