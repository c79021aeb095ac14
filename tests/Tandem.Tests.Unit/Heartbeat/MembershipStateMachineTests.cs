using Tandem.Heartbeat;
using Tandem.Heartbeat.Protocol;
using static Tandem.Heartbeat.MembershipEvent;

namespace Tandem.Tests.Unit.Heartbeat;

/// <summary>The membership state machine on a manual clock: keepalive 0.5 s, warntime 1 s, deadtime 3 s, initdead 10 s.</summary>
public class MembershipStateMachineTests
{
    const string Peer = "db-server-01";
    static readonly MembershipSetup Setup = new("db", "db-server-02", Peer, ["10.0.0.1:694", "10.0.1.1:694"],
        Warntime: TimeSpan.FromSeconds(1), Deadtime: TimeSpan.FromSeconds(3), Initdead: TimeSpan.FromSeconds(10));

    readonly MembershipStateMachine _m = new(Setup, TimeSpan.Zero);
    readonly List<MembershipEvent> _all = [];
    ulong _generation = 1000;
    readonly ulong[] _seq = new ulong[2];

    static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    IReadOnlyList<MembershipEvent> At(double seconds, MembershipInput input)
    {
        var events = _m.Apply(input, S(seconds));
        _all.AddRange(events);
        return events;
    }

    IReadOnlyList<MembershipEvent> Tick(double seconds) => At(seconds, new MembershipInput.Tick());

    HeartbeatMessage Message(int link, ulong? seq = null, ulong? generation = null, string sender = Peer, string cluster = "db", byte[]? payload = null) =>
        new(HeartbeatMessageType.Heartbeat, cluster, sender, generation ?? _generation, seq ?? ++_seq[link], link, payload ?? []);

    IReadOnlyList<MembershipEvent> Heartbeat(double seconds, int link = 0, ulong? seq = null, ulong? generation = null, byte[]? payload = null) =>
        At(seconds, new MembershipInput.Received(link, Message(link, seq, generation, payload: payload)));

    /// <summary>Heartbeats on both links every keepalive from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    void Beat(double from, double to, params int[] links)
    {
        for (var t = from; t <= to + 1e-9; t += 0.5)
            foreach (var l in links.Length == 0 ? [0, 1] : links)
                Heartbeat(t, l);
    }

    [Fact]
    public void Peer_is_unknown_during_initdead_and_dead_once_it_passes_unheard()
    {
        Assert.Empty(Tick(9.9));
        Assert.Equal(NodeState.Unknown, _m.PeerState);
        var events = Tick(10);
        Assert.Equal(NodeState.Dead, _m.PeerState);
        var dead = Assert.IsType<NodeChanged>(events[^1]);
        Assert.Equal((NodeState.Unknown, NodeState.Dead), (dead.From, dead.To));
        Assert.Equal("db-server-01 dead: not heard within initdead (10.0 s) of start", dead.Text);
        Assert.All(_m.Snapshot().Links, l => Assert.Equal(LinkState.Dead, l.State));
    }

    [Fact]
    public void First_heartbeat_brings_the_link_and_the_peer_up()
    {
        var events = Heartbeat(2);
        Assert.Equal(NodeState.Up, _m.PeerState);
        Assert.Equal(["link 0 (10.0.0.1:694) to db-server-01 up", "db-server-01 up (link 0)"], events.Select(e => e.Text));
        Assert.Equal([LinkState.Up, LinkState.Unknown], _m.Snapshot().Links.Select(l => l.State));
    }

    [Fact]
    public void Deadtime_of_silence_makes_the_peer_dead_with_the_silence_in_the_text()
    {
        Beat(0, 5);
        Assert.IsType<LateHeartbeat>(Assert.Single(Tick(7.9)));
        var events = Tick(8);
        Assert.Equal(NodeState.Dead, _m.PeerState);
        Assert.Equal("db-server-01 dead after 3.0 s silence", events[^1].Text);
        Assert.Equal(2, events.OfType<LinkChanged>().Count(l => l.To == LinkState.Dead));
    }

    [Fact]
    public void Warntime_warns_once_per_silence_before_deadtime()
    {
        Beat(0, 2);
        Assert.Empty(Tick(2.9));
        var late = Assert.IsType<LateHeartbeat>(Assert.Single(Tick(3.1)));
        Assert.Equal(S(1.1), late.Silence);
        Assert.Equal("late heartbeat from db-server-01: 1.1 s since the last one (warntime 1.0 s)", late.Text);
        Assert.Empty(Tick(3.5));
        Assert.Equal(NodeState.Up, _m.PeerState);
        Beat(4, 5);
        Assert.Single(Tick(6.2).OfType<LateHeartbeat>());
    }

    [Fact]
    public void A_lost_link_is_reported_while_the_peer_stays_up_through_the_other()
    {
        Beat(0, 2);
        Beat(2.5, 10, 0);
        var link = Assert.Single(_all.OfType<LinkChanged>(), l => l.To == LinkState.Dead);
        Assert.Equal(1, link.Link);
        Assert.Equal("link 1 (10.0.1.1:694) to db-server-01 dead after 3.0 s silence; db-server-01 still up through link 0", link.Text);
        Assert.Equal(NodeState.Up, _m.PeerState);
        Assert.DoesNotContain(_all, e => e is NodeChanged { To: NodeState.Dead } or LateHeartbeat);
        Assert.Equal([LinkState.Up, LinkState.Dead], _m.Snapshot().Links.Select(l => l.State));
    }

    [Fact]
    public void A_link_never_heard_is_dead_after_initdead_even_with_the_peer_up()
    {
        Beat(0, 10, 0);
        var link = Assert.Single(_all.OfType<LinkChanged>(), l => l.To == LinkState.Dead);
        Assert.Equal("link 1 (10.0.1.1:694) to db-server-01 dead: not heard within initdead (10.0 s) of start; db-server-01 still up through link 0", link.Text);
    }

    [Fact]
    public void Peer_and_link_recover_when_heartbeats_come_back()
    {
        Beat(0, 1);
        Tick(5);
        Assert.Equal(NodeState.Dead, _m.PeerState);
        var events = Heartbeat(6, link: 1);
        Assert.Equal(["link 1 (10.0.1.1:694) to db-server-01 up again", "db-server-01 up again (link 1)"], events.Select(e => e.Text));
        Assert.Equal(NodeState.Up, _m.PeerState);
        Assert.Equal(LinkState.Dead, _m.Snapshot().Links[0].State);
    }

    [Fact]
    public void A_late_heartbeat_after_deadtime_reports_dead_then_up()
    {
        Heartbeat(1);
        var events = Heartbeat(4.5);
        Assert.Equal([NodeState.Dead, NodeState.Up], events.OfType<NodeChanged>().Select(n => n.To));
    }

    [Fact]
    public void A_replayed_sequence_is_dropped_and_counted_and_keeps_nobody_alive()
    {
        Heartbeat(1, seq: 5);
        var events = Heartbeat(1.5, seq: 5);
        var drop = Assert.IsType<Dropped>(Assert.Single(events));
        Assert.Equal((DropReason.Replayed, 1L), (drop.Reason, drop.Count));
        Assert.Contains("sequence 5 on link 0, already past 5", drop.Text);
        Heartbeat(3.9, seq: 4);
        Heartbeat(3.95, seq: 1);
        Tick(4);
        Assert.Equal(NodeState.Dead, _m.PeerState);
        Assert.Equal(3, _m.Snapshot().Dropped.Replayed);
    }

    [Fact]
    public void Sequences_are_tracked_per_link()
    {
        Heartbeat(1, link: 0, seq: 7);
        Assert.DoesNotContain(Heartbeat(1, link: 1, seq: 7), e => e is Dropped);
        Assert.Equal(0, _m.Snapshot().Dropped.Replayed);
    }

    [Fact]
    public void An_older_generation_is_dropped_as_a_replay()
    {
        Heartbeat(1, seq: 100);
        var drop = Assert.IsType<Dropped>(Assert.Single(Heartbeat(1.5, seq: 101, generation: 999)));
        Assert.Equal(DropReason.Replayed, drop.Reason);
        Assert.Contains("generation 999, older than the current 1000", drop.Text);
        Assert.Equal(1000UL, _m.PeerGeneration);
    }

    [Fact]
    public void A_restart_with_a_newer_generation_is_accepted_from_sequence_one()
    {
        Heartbeat(1, seq: 500, payload: [1]);
        var events = Heartbeat(1.5, seq: 1, generation: 2000, payload: [2]);
        var restarted = Assert.IsType<PeerRestarted>(Assert.Single(events));
        Assert.Equal("db-server-01 restarted (generation 2000)", restarted.Text);
        Assert.Equal(2000UL, _m.PeerGeneration);
        Assert.Equal([2], _m.PeerPayload.ToArray());
        // Messages of the old generation, even with higher sequence numbers, are now replays.
        Assert.IsType<Dropped>(Assert.Single(Heartbeat(2, seq: 501, generation: 1000)));
        Assert.Empty(Heartbeat(2.2, seq: 2, generation: 2000));
    }

    [Fact]
    public void Messages_of_another_cluster_or_node_are_forged_and_counted_on_the_link_they_came_in()
    {
        At(1, new MembershipInput.Received(1, Message(1, cluster: "other")));
        At(1, new MembershipInput.Received(1, Message(1, sender: "intruder")));
        var links = _m.Snapshot().Links;
        Assert.Equal(2, links[1].Dropped.Forged);
        Assert.Equal(0, links[0].Dropped.Forged);
        Assert.Equal(NodeState.Unknown, _m.PeerState);
        Assert.Contains(_all, e => e.Text.Contains("from cluster \"other\", not \"db\""));
    }

    [Fact]
    public void Rejected_datagrams_are_counted_by_reason()
    {
        At(1, new MembershipInput.Rejected(0, DropReason.Forged, "HMAC does not match"));
        At(1, new MembershipInput.Rejected(0, DropReason.Corrupt, "bad magic"));
        var drop = Assert.IsType<Dropped>(Assert.Single(At(1, new MembershipInput.Rejected(0, DropReason.Forged, "HMAC does not match"))));
        Assert.Equal(2, drop.Count);
        Assert.Equal(new DropCounts(2, 1, 0), _m.Snapshot().Dropped);
        Assert.Equal("dropped a forged heartbeat on link 0 (10.0.0.1:694): HMAC does not match", drop.Text);
    }

    [Fact]
    public void Own_messages_looped_back_are_ignored()
    {
        Assert.Empty(At(1, new MembershipInput.Received(0, Message(0, sender: "db-server-02"))));
        Assert.Equal(NodeState.Unknown, _m.PeerState);
        Assert.Equal(DropCounts.Zero, _m.Snapshot().Dropped);
    }

    [Fact]
    public void A_link_index_the_peer_does_not_have_is_dropped()
    {
        var m = Message(0) with { Link = 5 };
        Assert.Equal(DropReason.Corrupt, Assert.IsType<Dropped>(Assert.Single(At(1, new MembershipInput.Received(0, m)))).Reason);
    }

    [Fact]
    public void The_peer_payload_is_the_latest_accepted()
    {
        Assert.True(_m.PeerPayload.IsEmpty);
        Heartbeat(1, payload: [1, 2]);
        Heartbeat(1.5, payload: [3]);
        Heartbeat(1.6, seq: 1, payload: [9]); // replay: ignored
        Assert.Equal([3], _m.PeerPayload.ToArray());
    }

    [Fact]
    public void Time_going_backwards_is_an_error()
    {
        Tick(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tick(1));
    }

    [Fact]
    public void Outcome_does_not_depend_on_tick_frequency()
    {
        static string Kind(MembershipEvent e) => e switch
        {
            NodeChanged n => $"node {n.To}",
            LinkChanged l => $"link {l.Link} {l.To}",
            _ => e.GetType().Name,
        };
        var often = new MembershipStateMachine(Setup, TimeSpan.Zero);
        var rarely = new MembershipStateMachine(Setup, TimeSpan.Zero);
        var a = new List<string>();
        var b = new List<string>();
        for (var ms = 0; ms <= 20_000; ms += 10)
        {
            var now = TimeSpan.FromMilliseconds(ms);
            if (ms % 500 == 0 && ms is < 4000 or (> 12000 and < 15000))
            {
                var input = new MembershipInput.Received(0, Message(0));
                a.AddRange(often.Apply(input, now).Select(Kind));
                b.AddRange(rarely.Apply(input, now).Select(Kind));
            }
            else
            {
                a.AddRange(often.Apply(new MembershipInput.Tick(), now).Select(Kind));
                if (ms % 1000 == 0)
                    b.AddRange(rarely.Apply(new MembershipInput.Tick(), now).Select(Kind));
            }
        }
        Assert.Equal(["link 0 Up", "node Up", "LateHeartbeat", "link 0 Dead", "node Dead", "link 1 Dead", "link 0 Up", "node Up", "LateHeartbeat", "link 0 Dead", "node Dead"], a);
        Assert.Equal(a, b);
    }
}
