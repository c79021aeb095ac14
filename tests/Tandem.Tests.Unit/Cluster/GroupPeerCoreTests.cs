using Tandem.Cluster;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Cluster;

public class GroupPeerCoreTests
{
    const ulong Me = 1000, Them = 2000;

    static byte[] From(ulong seq, GroupState mysql = GroupState.Stopped, ulong incarnation = Them, ulong ackSeq = 0, params PeerRequest[] requests) =>
        ClusterPayloadCodec.ToArray(new ClusterPayload(incarnation, seq, [new("mysql", mysql)], Me, ackSeq, requests));

    static IReadOnlyList<GroupPeerAction> Up(GroupPeerCore c, byte[] payload) => c.Handle(new GroupPeerInput.Observed(NodeState.Up, payload));

    static GroupPeerCore Started()
    {
        var c = new GroupPeerCore(Me);
        c.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState> { ["mysql"] = GroupState.Stopped }));
        return c;
    }

    static List<PeerRequest> Delivered(IEnumerable<GroupPeerAction> actions) =>
        [.. actions.OfType<GroupPeerAction.Deliver>().Select(d => d.Request)];

    static ClusterPayload LastPublished(IEnumerable<GroupPeerAction> actions) =>
        ClusterPayloadCodec.Read(actions.OfType<GroupPeerAction.Publish>().Last().Payload);

    [Fact]
    public void The_peer_is_unknown_until_membership_hears_it_and_its_states_are_read()
    {
        var c = Started();
        Assert.Empty(c.Handle(new GroupPeerInput.Observed(NodeState.Unknown, ReadOnlyMemory<byte>.Empty)));
        Assert.Equal(PeerState.Unknown, c.State);

        var empty = Up(c, []);
        Assert.Equal(PeerState.Unknown, c.State);
        Assert.Single(empty.OfType<GroupPeerAction.Unreadable>());
        Assert.Empty(c.PeerGroups);

        var a = Up(c, From(1, GroupState.Started));
        Assert.Equal(PeerState.Alive, c.State);
        Assert.Equal(new GroupPeerAction.PeerChanged(PeerState.Unknown, PeerState.Alive, "the peer's group states were read"), a.OfType<GroupPeerAction.PeerChanged>().Single());
        Assert.Equal(GroupState.Started, c.PeerGroups["mysql"]);
    }

    [Fact]
    public void Initdead_passing_without_a_word_makes_the_peer_dead()
    {
        var c = Started();
        var a = c.Handle(new GroupPeerInput.Observed(NodeState.Dead, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(PeerState.Dead, c.State);
        Assert.Single(a.OfType<GroupPeerAction.PeerChanged>());
        Assert.Empty(c.PeerGroups);
    }

    [Fact]
    public void A_request_is_applied_once_however_often_it_is_seen()
    {
        var c = Started();
        var offer = new PeerRequest(1, PeerRequestKind.Offer, "mysql");
        Assert.Equal([offer], Delivered(Up(c, From(1, requests: offer))));
        Assert.Empty(Delivered(Up(c, From(1, requests: offer))));   // the same heartbeat payload, next keepalive
        Assert.Empty(Delivered(Up(c, From(2, requests: offer))));   // a newer payload still carrying it (not acknowledged yet)
        var release = new PeerRequest(2, PeerRequestKind.Release, "mysql");
        Assert.Equal([release], Delivered(Up(c, From(3, requests: [offer, release]))));
    }

    [Fact]
    public void Applying_a_request_acknowledges_it_in_the_next_payload()
    {
        var c = Started();
        var a = Up(c, From(1, requests: [new(4, PeerRequestKind.Offer, "mysql"), new(5, PeerRequestKind.MaintenanceOn, "")]));
        var mine = LastPublished(a);
        Assert.Equal((Them, 5UL), (mine.AckIncarnation, mine.AckSequence));
    }

    [Fact]
    public void A_stale_payload_is_ignored_states_and_requests_alike()
    {
        var c = Started();
        Up(c, From(5, GroupState.Started));
        var old = Up(c, From(4, GroupState.Stopped, requests: new PeerRequest(1, PeerRequestKind.Release, "mysql")));
        Assert.Empty(old);
        Assert.Equal(GroupState.Started, c.PeerGroups["mysql"]);
        Assert.Equal(PeerState.Alive, c.State);

        var olderIncarnation = Up(c, From(99, GroupState.Stopped, incarnation: Them - 1, requests: new PeerRequest(1, PeerRequestKind.Release, "mysql")));
        Assert.Empty(olderIncarnation);
        Assert.Equal(GroupState.Started, c.PeerGroups["mysql"]);
    }

    [Fact]
    public void A_restarted_peer_starts_its_request_numbers_again()
    {
        var c = Started();
        Up(c, From(1, requests: new PeerRequest(1, PeerRequestKind.Offer, "mysql")));
        var again = new PeerRequest(1, PeerRequestKind.Release, "mysql");
        Assert.Equal([again], Delivered(Up(c, From(1, incarnation: Them + 500, requests: again))));
    }

    [Fact]
    public void Changed_group_states_are_reported_and_unchanged_ones_are_not()
    {
        var c = Started();
        Up(c, From(1, GroupState.Starting));
        Assert.Empty(Up(c, From(2, GroupState.Starting)).OfType<GroupPeerAction.PeerChanged>());
        var change = Up(c, From(3, GroupState.Started)).OfType<GroupPeerAction.PeerChanged>().Single();
        Assert.Equal((PeerState.Alive, PeerState.Alive), (change.Old, change.New));
    }

    [Fact]
    public void Requests_wait_in_the_payload_until_acknowledged()
    {
        var c = Started();
        Up(c, From(1));
        var sent = c.Handle(new GroupPeerInput.Send(PeerRequestKind.Offer, "mysql"));
        var request = sent.OfType<GroupPeerAction.Sent>().Single().Request;
        Assert.Equal([request], LastPublished(sent).Requests);
        Assert.Equal(1, c.Outstanding);

        Assert.Empty(Up(c, From(2)).OfType<GroupPeerAction.Publish>()); // acknowledges nothing of ours yet
        Assert.Equal(1, c.Outstanding);

        var acked = Up(c, From(3, ackSeq: request.Sequence));
        Assert.Equal(0, c.Outstanding);
        Assert.Empty(LastPublished(acked).Requests);
    }

    [Fact]
    public void An_acknowledgement_for_another_incarnation_of_this_node_is_ignored()
    {
        var c = Started();
        Up(c, From(1));
        c.Handle(new GroupPeerInput.Send(PeerRequestKind.Release, "mysql"));
        var foreign = ClusterPayloadCodec.ToArray(new ClusterPayload(Them, 2, [new("mysql", GroupState.Started)], Me - 1, 1, []));
        Up(c, foreign);
        Assert.Equal(1, c.Outstanding);
    }

    [Fact]
    public void Nothing_is_asked_of_a_peer_that_is_not_alive()
    {
        var c = Started();
        var a = c.Handle(new GroupPeerInput.Send(PeerRequestKind.Offer, "mysql"));
        Assert.Equal("the peer is unknown", a.OfType<GroupPeerAction.Dropped>().Single().Why);
        Assert.Empty(a.OfType<GroupPeerAction.Publish>());
        Assert.Equal(0, c.Outstanding);
    }

    [Fact]
    public void The_peers_death_drops_its_pending_requests_and_forgets_its_groups()
    {
        var c = Started();
        Up(c, From(1, GroupState.Started));
        c.Handle(new GroupPeerInput.Send(PeerRequestKind.Release, "mysql"));
        var dead = c.Handle(new GroupPeerInput.Observed(NodeState.Dead, From(1, GroupState.Started)));
        Assert.Equal(PeerState.Dead, c.State);
        Assert.Empty(c.PeerGroups);
        Assert.Equal(0, c.Outstanding);
        Assert.Single(dead.OfType<GroupPeerAction.Dropped>());
        Assert.Empty(LastPublished(dead).Requests);
    }

    [Fact]
    public void A_peer_back_from_the_dead_is_alive_again_on_its_current_payload_not_on_an_old_one()
    {
        var c = Started();
        Up(c, From(5, GroupState.Started));
        c.Handle(new GroupPeerInput.Observed(NodeState.Dead, ReadOnlyMemory<byte>.Empty));
        Up(c, From(4));
        Assert.Equal(PeerState.Unknown, c.State);
        Up(c, From(5, GroupState.Started));
        Assert.Equal(PeerState.Alive, c.State);
    }

    [Fact]
    public void An_unreadable_payload_makes_the_peer_unknown_and_is_reported_once()
    {
        var c = Started();
        Up(c, From(1, GroupState.Started));
        var garbage = new byte[] { 1, 2, 3 };
        var first = Up(c, garbage);
        Assert.Equal(PeerState.Unknown, c.State);
        Assert.Single(first.OfType<GroupPeerAction.Unreadable>());
        Assert.Empty(Up(c, garbage));
        Up(c, From(2));
        Assert.Equal(PeerState.Alive, c.State);
    }

    [Fact]
    public void Local_states_are_published_only_when_they_change()
    {
        var c = new GroupPeerCore(Me);
        var states = new Dictionary<string, GroupState> { ["b"] = GroupState.Stopped, ["a"] = GroupState.Starting };
        var first = LastPublished(c.Handle(new GroupPeerInput.LocalStates(states)));
        Assert.Equal([new GroupReport("a", GroupState.Starting), new GroupReport("b", GroupState.Stopped)], first.Groups);
        Assert.Empty(c.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState>(states))));
        states["a"] = GroupState.Started;
        var next = LastPublished(c.Handle(new GroupPeerInput.LocalStates(states)));
        Assert.True(next.Sequence > first.Sequence);
        Assert.Equal(Me, next.Incarnation);
    }

    [Fact]
    public void Two_cores_exchanging_payloads_deliver_each_request_exactly_once()
    {
        var a = new GroupPeerCore(Me);
        var b = new GroupPeerCore(Them);
        var fromA = a.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState> { ["mysql"] = GroupState.Started }))
            .OfType<GroupPeerAction.Publish>().Single().Payload;
        var fromB = b.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState> { ["mysql"] = GroupState.Stopped }))
            .OfType<GroupPeerAction.Publish>().Single().Payload;
        var deliveredToB = new List<PeerRequest>();
        void Exchange()
        {
            foreach (var p in a.Handle(new GroupPeerInput.Observed(NodeState.Up, fromB)).OfType<GroupPeerAction.Publish>())
                fromA = p.Payload;
            var actions = b.Handle(new GroupPeerInput.Observed(NodeState.Up, fromA));
            deliveredToB.AddRange(Delivered(actions));
            foreach (var p in actions.OfType<GroupPeerAction.Publish>())
                fromB = p.Payload;
        }
        Exchange();
        Assert.Equal((PeerState.Alive, PeerState.Alive), (a.State, b.State));
        foreach (var p in a.Handle(new GroupPeerInput.Send(PeerRequestKind.Offer, "mysql")).OfType<GroupPeerAction.Publish>())
            fromA = p.Payload;
        for (var i = 0; i < 5; i++)
            Exchange();
        Assert.Equal([new PeerRequest(1, PeerRequestKind.Offer, "mysql")], deliveredToB);
        Assert.Equal(0, a.Outstanding);
    }
}
