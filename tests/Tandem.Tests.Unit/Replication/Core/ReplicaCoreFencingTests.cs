using Tandem.Config;
using Tandem.Metadata;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Volume;
using AppWriteInput = Tandem.Replication.Core.ReplicaInput.AppWrite;

namespace Tandem.Tests.Unit.Replication.Core;

/// <summary>
/// Fencing in the pure core: a Primary that loses the link acknowledges nothing the peer lacks until the peer is
/// Outdated, dead, or connected again; a Secondary asked to outdate itself does so on disk before it answers.
/// </summary>
public class ReplicaCoreFencingTests
{
    const long Size = 1 << 20;
    const ulong Gen0 = 0x1234_5678_9ABC_DEF0;
    static readonly MetadataFlags UpToDateFlags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate;

    sealed class Node(ReplicaCore core)
    {
        public ReplicaCore Core { get; } = core;
        public List<ReplicaAction> Log { get; } = [];
        public TimeSpan Now { get; set; }

        public IReadOnlyList<ReplicaAction> In(ReplicaInput input)
        {
            var a = Core.Handle(input, Now);
            Log.AddRange(a);
            return a;
        }

        public CommandOutcome Do(Func<ReplicaCore, TimeSpan, CommandOutcome> command)
        {
            var o = command(Core, Now);
            Log.AddRange(o.Actions);
            return o;
        }
    }

    static Node Make(FencingPolicy fencing = FencingPolicy.ResourceOnly, MetadataFlags flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate,
        GenerationUuids? uuids = null)
    {
        var settings = new ReplicaSettings { Volume = "r0", SizeBytes = Size, Fencing = fencing };
        var core = new ReplicaCore(settings, uuids ?? new GenerationUuids(Gen0, 0, 0, 0), flags, new DirtyBitmap(Size), new Random(1));
        var n = new Node(core);
        n.Log.AddRange(core.Attach(TimeSpan.Zero));
        return n;
    }

    static StateReport Report(Role role, DiskState disk, ulong current, ulong bitmap = 0, MetadataFlags flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate) =>
        new(role, disk, current, bitmap, 0, 0, (uint)flags, 0, Size, false);

    /// <summary>A Primary connected to an UpToDate Secondary, as after a promotion of two nodes in sync.</summary>
    static Node ConnectedPrimary(FencingPolicy fencing = FencingPolicy.ResourceOnly)
    {
        var p = Make(fencing);
        p.In(new ReplicaInput.PeerConnected());
        p.In(new ReplicaInput.PeerPacket(Report(Role.Secondary, DiskState.UpToDate, Gen0)));
        Assert.Equal(ConnectionState.Connected, p.Core.State.Connection);
        Assert.True(p.Do((c, t) => c.Promote(false, t)).Ok);
        Assert.Equal(DiskState.UpToDate, p.Core.State.PeerDisk);
        return p;
    }

    static ulong WriteIo(IReadOnlyList<ReplicaAction> actions) => actions.OfType<ReplicaAction.DiskWrite>().Single().Io;

    static AppWriteInput AppWrite(ulong req, long offset) => new(req, offset, 4096, WriteKind.Data, false, new byte[4096]);

    static bool Completed(IEnumerable<ReplicaAction> actions, ulong req) => actions.Any(a => a is ReplicaAction.Complete c && c.Req == req);

    /// <summary>A write in flight when the link goes, then a new write: neither is acknowledged while the peer is not fenced.</summary>
    static (Node P, ulong Token) FrozenPrimaryWithTwoWrites()
    {
        var p = ConnectedPrimary();
        var w1 = p.In(AppWrite(1, 0));
        Assert.Contains(w1, a => a is ReplicaAction.Send { Packet: Write });
        p.In(new ReplicaInput.DiskDone(WriteIo(w1), true, default)); // local done; the peer's WriteAck never comes
        var lost = p.In(new ReplicaInput.PeerLost("ping timeout"));
        Assert.Equal(Suspension.Fencing, p.Core.State.Suspended);
        Assert.False(Completed(lost, 1));
        var ask = Assert.Single(lost.OfType<ReplicaAction.OutdatePeer>());
        Assert.False(ask.Retry);
        Assert.Equal(p.Core.Uuids.Current, ask.Token);
        Assert.NotEqual(Gen0, ask.Token); // the Primary went on to a new data generation
        var w2 = p.In(AppWrite(2, 8192));
        Assert.Empty(w2); // held: not even written locally yet
        return (p, ask.Token);
    }

    [Fact]
    public void A_primary_that_loses_the_link_acknowledges_nothing_until_the_peer_confirms_it_is_Outdated()
    {
        var (p, token) = FrozenPrimaryWithTwoWrites();
        Assert.Contains("Outdated", p.Core.SuspendedWhy);

        // Asked again while no answer comes.
        p.Now = TimeSpan.FromSeconds(1.5);
        var tick = p.In(new ReplicaInput.Tick());
        Assert.Contains(tick, a => a is ReplicaAction.OutdatePeer { Retry: true });

        // An answer about another generation changes nothing.
        var stale = p.In(new ReplicaInput.OutdateAnswer(token ^ 1, OutdateResult.Outdated));
        Assert.False(Completed(stale, 1));
        Assert.Equal(Suspension.Fencing, p.Core.State.Suspended);

        var ok = p.In(new ReplicaInput.OutdateAnswer(token, OutdateResult.Outdated));
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.Contains(ok, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.Contains(ok, a => a is ReplicaAction.DiskWrite { Offset: 8192 }); // the held write goes on
        Assert.Contains(ok, a => a is ReplicaAction.PersistMetadata m && m.Flags.HasFlag(MetadataFlags.PeerOutdated));
        Assert.True(p.Core.Flags.HasFlag(MetadataFlags.PeerOutdated));
        Assert.Equal(DiskState.Outdated, p.Core.State.PeerDisk);
        var stateChange = ok.OfType<ReplicaAction.StateChanged>().Single(s => s.From.Suspended != s.To.Suspended);
        Assert.Contains("Outdated", stateChange.Why);

        // Alone now: the next write completes as soon as the local disk has it.
        var w3 = p.In(AppWrite(3, 16384));
        Assert.Contains(p.In(new ReplicaInput.DiskDone(WriteIo(w3), true, default)), a => a is ReplicaAction.Complete { Req: 3, Errno: 0 });
    }

    [Fact]
    public void Heartbeat_declaring_the_peer_dead_lets_the_primary_go_on_alone_without_marking_the_peer_outdated()
    {
        var (p, _) = FrozenPrimaryWithTwoWrites();
        var dead = p.In(new ReplicaInput.PeerNode(Dead: true));
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.Contains(dead, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.False(p.Core.Flags.HasFlag(MetadataFlags.PeerOutdated));
        Assert.Contains("dead", dead.OfType<ReplicaAction.StateChanged>().Single(s => s.From.Suspended != s.To.Suspended).Why);

        // The peer is heard again while still not connected: its copy may be UpToDate, so fence again.
        var alive = p.In(new ReplicaInput.PeerNode(Dead: false));
        Assert.Equal(Suspension.Fencing, p.Core.State.Suspended);
        Assert.Contains(alive, a => a is ReplicaAction.OutdatePeer { Retry: false });
    }

    [Fact]
    public void The_link_coming_back_ends_the_freeze_once_the_handshake_has_decided()
    {
        var (p, _) = FrozenPrimaryWithTwoWrites();
        p.In(new ReplicaInput.PeerConnected());
        Assert.Equal(Suspension.Fencing, p.Core.State.Suspended); // still handshaking
        p.In(new ReplicaInput.PeerPacket(Report(Role.Secondary, DiskState.UpToDate, Gen0)));
        Assert.Equal(ConnectionState.WFBitMapS, p.Core.State.Connection);
        Assert.Equal(Suspension.Fencing, p.Core.State.Suspended);
        var sync = p.In(new ReplicaInput.PeerPacket(new BitmapRuns([], true)));
        Assert.Equal(ConnectionState.SyncSource, p.Core.State.Connection);
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.Contains(sync, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        // The held write now replicates to the resync target.
        Assert.Contains(sync, a => a is ReplicaAction.Send { Packet: Write { Offset: 8192 } });
    }

    [Fact]
    public void A_frozen_primary_is_not_demoted_under_its_held_writes()
    {
        var (p, _) = FrozenPrimaryWithTwoWrites();
        var demote = p.Do((c, t) => c.Demote(null, t));
        Assert.False(demote.Ok);
        Assert.Contains("I/O suspended: fencing", demote.Message);
        Assert.Equal(Role.Primary, p.Core.State.Role);
    }

    [Fact]
    public void A_peer_that_is_Primary_too_means_split_brain_already_and_the_primary_goes_on()
    {
        var (p, token) = FrozenPrimaryWithTwoWrites();
        var answer = p.In(new ReplicaInput.OutdateAnswer(token, OutdateResult.Primary));
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.Contains(answer, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.Contains(answer, a => a is ReplicaAction.Notice n && n.Text.Contains("split brain"));
        Assert.False(p.Core.Flags.HasFlag(MetadataFlags.PeerOutdated));
    }

    [Fact]
    public void Flushes_wait_with_the_writes()
    {
        var (p, token) = FrozenPrimaryWithTwoWrites();
        Assert.DoesNotContain(p.In(new ReplicaInput.AppFlush(9)), a => a is ReplicaAction.Complete);
        var ok = p.In(new ReplicaInput.OutdateAnswer(token, OutdateResult.Inconsistent));
        var flush = ok.OfType<ReplicaAction.DiskFlush>().Single();
        Assert.Contains(p.In(new ReplicaInput.DiskDone(flush.Io, true, default)), a => a is ReplicaAction.Complete { Req: 9, Errno: 0 });
        Assert.Equal(DiskState.Inconsistent, p.Core.State.PeerDisk);
    }

    [Fact]
    public void With_dont_care_the_primary_goes_on_alone_at_once()
    {
        var p = ConnectedPrimary(FencingPolicy.DontCare);
        var w1 = p.In(AppWrite(1, 0));
        p.In(new ReplicaInput.DiskDone(WriteIo(w1), true, default));
        var lost = p.In(new ReplicaInput.PeerLost("ping timeout"));
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.Contains(lost, a => a is ReplicaAction.Complete { Req: 1, Errno: 0 });
        Assert.DoesNotContain(lost, a => a is ReplicaAction.OutdatePeer);
    }

    [Fact]
    public void A_promotion_without_a_connection_fences_the_peer_first()
    {
        var n = Make();
        // Alone, with UpToDate data from the last time (forced here; a cluster promotes UpToDate data).
        Assert.True(n.Do((c, t) => c.Promote(true, t)).Ok);
        Assert.Equal(Suspension.Fencing, n.Core.State.Suspended);
        Assert.Contains(n.Log, a => a is ReplicaAction.OutdatePeer);
        Assert.Empty(n.In(AppWrite(1, 0)));
        n.In(new ReplicaInput.PeerNode(Dead: true));
        Assert.Equal(Suspension.None, n.Core.State.Suspended);
        Assert.Contains(n.Log, a => a is ReplicaAction.DiskWrite { Offset: 0 });
    }

    [Fact]
    public void A_primary_that_knows_its_peer_is_dead_is_promoted_without_a_freeze()
    {
        var n = Make();
        n.In(new ReplicaInput.PeerNode(Dead: true));
        Assert.True(n.Do((c, t) => c.Promote(true, t)).Ok);
        Assert.Equal(Suspension.None, n.Core.State.Suspended);
        Assert.DoesNotContain(n.Log, a => a is ReplicaAction.OutdatePeer);
    }

    /// <summary>A Secondary on the connection its Primary has lost without it noticing.</summary>
    static Node ConnectedSecondary()
    {
        var s = Make();
        s.In(new ReplicaInput.PeerConnected());
        s.In(new ReplicaInput.PeerPacket(Report(Role.Primary, DiskState.UpToDate, Gen0)));
        Assert.Equal(ConnectionState.Connected, s.Core.State.Connection);
        Assert.Equal(DiskState.UpToDate, s.Core.State.Disk);
        return s;
    }

    [Fact]
    public void A_secondary_asked_to_outdate_drops_the_lost_connection_marks_itself_on_disk_then_answers()
    {
        var s = ConnectedSecondary();
        const ulong token = 0x5555_0000_0000_0001; // the Primary's new generation
        var a = s.In(new ReplicaInput.OutdateRequest(token)).ToList();
        Assert.Contains(a, x => x is ReplicaAction.Send { Packet: Goodbye });
        Assert.Contains(a, x => x is ReplicaAction.Link { Enabled: false });
        Assert.Contains(a, x => x is ReplicaAction.Link { Enabled: true });
        Assert.Equal(ConnectionState.Connecting, s.Core.State.Connection);
        Assert.Equal(DiskState.Outdated, s.Core.State.Disk);
        int persisted = a.FindLastIndex(x => x is ReplicaAction.PersistMetadata m
            && m.Flags.HasFlag(MetadataFlags.Consistent) && !m.Flags.HasFlag(MetadataFlags.WasUpToDate));
        int answered = a.FindIndex(x => x is ReplicaAction.AnswerOutdate { Token: token, Result: OutdateResult.Outdated });
        Assert.True(persisted >= 0 && answered > persisted, "the Outdated mark is queued for the disk before the answer");

        var refused = s.Do((c, t) => c.Promote(false, t));
        Assert.False(refused.Ok);
        Assert.Equal("r0's data is Outdated: the peer went on without it; promote the peer or use --force if the peer is lost for good (tandem volume primary r0 --force)", refused.Message);

        // Asked again (a retry): the same answer, nothing new to write.
        var again = s.In(new ReplicaInput.OutdateRequest(token));
        Assert.Contains(again, x => x is ReplicaAction.AnswerOutdate { Result: OutdateResult.Outdated });
        Assert.DoesNotContain(again, x => x is ReplicaAction.PersistMetadata);
    }

    [Fact]
    public void An_outdated_copy_stays_outdated_across_a_restart_and_force_still_promotes_it()
    {
        var s = Make(flags: MetadataFlags.Consistent); // Consistent without WasUpToDate: what an outdate leaves on disk
        Assert.Equal(DiskState.Outdated, s.Core.State.Disk);
        Assert.False(s.Do((c, t) => c.Promote(false, t)).Ok);
        Assert.True(s.Do((c, t) => c.Promote(true, t)).Ok);
        Assert.Equal(DiskState.UpToDate, s.Core.State.Disk);
    }

    [Fact]
    public void A_primary_that_fenced_its_peer_comes_back_UpToDate_and_is_promoted_without_freezing()
    {
        var p = Make(flags: UpToDateFlags | MetadataFlags.PeerOutdated);
        Assert.Equal(DiskState.UpToDate, p.Core.State.Disk);
        Assert.Equal(DiskState.Outdated, p.Core.State.PeerDisk);
        Assert.True(p.Do((c, t) => c.Promote(false, t)).Ok);
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
    }

    [Fact]
    public void A_request_older_than_the_current_connection_is_ignored()
    {
        var s = ConnectedSecondary();
        var a = s.In(new ReplicaInput.OutdateRequest(Gen0)); // the generation the Primary reported on this connection
        Assert.Empty(a);
        Assert.Equal(ConnectionState.Connected, s.Core.State.Connection);
        Assert.Equal(DiskState.UpToDate, s.Core.State.Disk);
    }

    [Fact]
    public void A_primary_asked_to_outdate_refuses()
    {
        var p = ConnectedPrimary();
        var a = p.In(new ReplicaInput.OutdateRequest(42));
        Assert.Contains(a, x => x is ReplicaAction.AnswerOutdate { Token: 42, Result: OutdateResult.Primary });
        Assert.Equal(DiskState.UpToDate, p.Core.State.Disk);
    }

    [Fact]
    public void An_inconsistent_secondary_answers_so_without_changing()
    {
        var s = Make(flags: MetadataFlags.None);
        Assert.Contains(s.In(new ReplicaInput.OutdateRequest(7)), x => x is ReplicaAction.AnswerOutdate { Result: OutdateResult.Inconsistent });
        Assert.Equal(DiskState.Inconsistent, s.Core.State.Disk);
    }

    [Fact]
    public void The_outdated_copy_becomes_UpToDate_after_the_resync_and_the_primary_forgets_the_peer_was_outdated()
    {
        var (p, token) = FrozenPrimaryWithTwoWrites();
        p.In(new ReplicaInput.OutdateAnswer(token, OutdateResult.Outdated));
        var s = Make(flags: MetadataFlags.Consistent); // Outdated after its restart
        var pu = p.Core.Uuids;

        // Connect the two by hand: each gets the other's report.
        p.In(new ReplicaInput.PeerConnected());
        s.In(new ReplicaInput.PeerConnected());
        p.In(new ReplicaInput.PeerPacket(Report(Role.Secondary, DiskState.Outdated, Gen0, flags: MetadataFlags.Consistent)));
        s.In(new ReplicaInput.PeerPacket(Report(Role.Primary, DiskState.UpToDate, pu.Current, pu.Bitmap, UpToDateFlags | MetadataFlags.PeerOutdated)));
        Assert.Equal(ConnectionState.WFBitMapT, s.Core.State.Connection);
        s.In(new ReplicaInput.PeerPacket(new BitmapRuns([new DirtyRange(0, 4096)], true)));
        Assert.Equal(ConnectionState.SyncTarget, s.Core.State.Connection);
        var req = s.Log.OfType<ReplicaAction.Send>().Select(x => x.Packet).OfType<ResyncRequest>().Single();
        var write = s.In(new ReplicaInput.PeerPacket(new ResyncData(req.Id, req.Offset, new byte[req.Length])));
        var flush = s.In(new ReplicaInput.DiskDone(WriteIo(write), true, default)).OfType<ReplicaAction.DiskFlush>().Single();
        var done = s.In(new ReplicaInput.DiskDone(flush.Io, true, default));
        Assert.Equal(DiskState.UpToDate, s.Core.State.Disk);
        Assert.True(s.Core.Flags.HasFlag(MetadataFlags.WasUpToDate));
        Assert.Contains(done, x => x is ReplicaAction.PersistMetadata m && m.Flags.HasFlag(MetadataFlags.WasUpToDate));

        // The Primary hears the peer is UpToDate: PeerOutdated goes from its metadata.
        Assert.True(p.Core.Flags.HasFlag(MetadataFlags.PeerOutdated));
        p.In(new ReplicaInput.PeerPacket(new BitmapRuns([new DirtyRange(0, 4096)], true)));
        p.In(new ReplicaInput.PeerPacket(new SyncDone(0)));
        p.In(new ReplicaInput.PeerPacket(Report(Role.Secondary, DiskState.UpToDate, pu.Current)));
        Assert.Equal(DiskState.UpToDate, p.Core.State.PeerDisk);
        Assert.False(p.Core.Flags.HasFlag(MetadataFlags.PeerOutdated));
    }

    [Fact]
    public void A_secondary_going_down_in_order_says_so_first_and_its_primary_does_not_freeze()
    {
        var s = ConnectedSecondary();
        var down = s.Do((c, t) => c.Detach(t)).Actions.OfType<ReplicaAction.Send>().Select(a => a.Packet).ToList();
        Assert.IsType<StateReport>(down[0]);
        Assert.Equal(DiskState.Diskless, ((StateReport)down[0]).Disk);
        Assert.IsType<Goodbye>(down[1]);

        var p = ConnectedPrimary();
        p.In(new ReplicaInput.PeerPacket(down[0]));
        var lost = p.In(new ReplicaInput.PeerPacket(down[1]));
        Assert.Equal(Suspension.None, p.Core.State.Suspended);
        Assert.DoesNotContain(lost, a => a is ReplicaAction.OutdatePeer);
    }

    [Fact]
    public void An_outdated_copy_that_holds_the_newer_data_becomes_the_UpToDate_resync_source()
    {
        const ulong newer = 0x7777_0000_0000_0001;
        var n = Make(flags: MetadataFlags.Consistent, uuids: new GenerationUuids(newer, Gen0, 0, 0));
        Assert.Equal(DiskState.Outdated, n.Core.State.Disk);
        n.In(new ReplicaInput.PeerConnected());
        var a = n.In(new ReplicaInput.PeerPacket(Report(Role.Secondary, DiskState.Consistent, Gen0)));
        Assert.Equal(ConnectionState.WFBitMapS, n.Core.State.Connection);
        Assert.Equal(DiskState.UpToDate, n.Core.State.Disk);
        Assert.True(n.Core.Flags.HasFlag(MetadataFlags.WasUpToDate));
        Assert.Contains(a, x => x is ReplicaAction.Send { Packet: StateReport { Disk: DiskState.UpToDate } });
    }
}
