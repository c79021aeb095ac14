using Tandem.Config;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Link;

public sealed class LinkHandshakeTests
{
    [Fact]
    public void Same_key_authenticates_both_ways_and_the_lower_name_decides()
    {
        var pair = new HandshakePair();
        pair.Run();
        Assert.Equal(HandshakeState.AwaitingVerdict, pair.A.State);
        Assert.Equal(HandshakeState.AwaitingWelcome, pair.B.State);
        Assert.Equal("bravo", pair.A.Peer!.Node);
        Assert.Equal("alpha", pair.B.Peer!.Node);

        pair.AcceptAtA();
        Assert.Equal(HandshakeState.Established, pair.A.State);
        Assert.Equal(HandshakeState.Established, pair.B.State);
        Assert.Equal([typeof(Hello), typeof(AuthResponse), typeof(Welcome)], pair.SentByA.Select(p => p.GetType()));
        Assert.Equal([typeof(Hello), typeof(AuthResponse)], pair.SentByB.Select(p => p.GetType()));
    }

    [Fact]
    public void The_decider_may_reject_a_duplicate_and_the_peer_learns_why()
    {
        var pair = new HandshakePair();
        pair.Run();
        HandshakeStep step = pair.A.Reject("already connected");
        Assert.Equal(HandshakeState.Refused, step.State);
        Assert.Equal(HandshakeRefusal.Rejected, step.Refusal);
        HandshakeStep atB = pair.B.Receive(HandshakePair.Wire(step.Send!));
        Assert.Equal(HandshakeRefusal.PeerRefused, atB.Refusal);
        Assert.Contains("already connected", atB.Reason);
    }

    [Fact]
    public void A_wrong_key_is_refused_on_both_sides_without_telling_the_peer_details()
    {
        var other = HandshakePair.Settings("bravo", "alpha") with { Key = "another key, same length, wrong!"u8.ToArray() };
        var pair = new HandshakePair(HandshakePair.Settings("alpha", "bravo"), other);
        pair.Run();
        Assert.Equal(HandshakeRefusal.AuthFailed, pair.A.Refusal);
        Assert.Equal(HandshakeRefusal.AuthFailed, pair.B.Refusal);
        Assert.Contains("failed authentication", pair.A.Reason);
        Assert.Contains("bravo", pair.A.Reason);
        Assert.Equal("authentication failed", Assert.IsType<Goodbye>(pair.SentByA.Last()).Reason);
        Assert.DoesNotContain(pair.SentByA, p => p is Welcome);
    }

    [Fact]
    public void A_peer_echoing_our_challenge_is_refused()
    {
        var a = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        var ourHello = (Hello)a.Start().Send!;
        HandshakeStep step = a.Receive(ourHello with { Node = "bravo" });
        Assert.Equal(HandshakeRefusal.Reflection, step.Refusal);
        Assert.IsType<Goodbye>(step.Send);
    }

    [Fact]
    public void A_challenge_of_another_of_our_connections_is_refused()
    {
        byte[] other = HandshakePair.Challenge(7);
        var a = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1), c => c.Span.SequenceEqual(other));
        var bravo = new LinkHandshake(HandshakePair.Settings("bravo", "alpha"), other);
        a.Start();
        Assert.Equal(HandshakeRefusal.Reflection, a.Receive(bravo.Start().Send!).Refusal);
    }

    [Fact]
    public void A_response_reflected_from_a_second_connection_does_not_authenticate()
    {
        // The attacker opens connection 1 to alpha, gets challenge C1, opens connection 2 and sends C1 as its own
        // challenge (under the name bravo); alpha's answer on 2 is over alpha's Hello, not bravo's, so it fails on 1.
        var conn1 = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        var conn2 = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(2));
        var c1 = (Hello)conn1.Start().Send!;
        conn2.Start();
        var fake = c1 with { Node = "bravo", Challenge = HandshakePair.Challenge(3) };
        conn1.Receive(fake);
        var answer = (AuthResponse)conn2.Receive(fake with { Challenge = c1.Challenge }).Send!;
        Assert.Equal(HandshakeRefusal.AuthFailed, conn1.Receive(answer).Refusal);
    }

    [Fact]
    public void A_replayed_response_fails_against_a_fresh_challenge()
    {
        var first = new HandshakePair();
        first.Run();
        var bravoHello = (Hello)first.SentByB[0];
        var bravoAnswer = (AuthResponse)first.SentByB[1];

        var again = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(99));
        again.Start();
        again.Receive(bravoHello);
        Assert.Equal(HandshakeRefusal.AuthFailed, again.Receive(bravoAnswer).Refusal);
    }

    [Fact]
    public void A_hello_changed_in_flight_fails_authentication()
    {
        var pair = new HandshakePair { BtoA = p => p is Hello h ? h with { Protocol = ReplicationProtocol.A } : p };
        pair.Run();
        Assert.Equal(HandshakeRefusal.AuthFailed, pair.A.Refusal);
    }

    [Fact]
    public void Our_own_name_from_the_peer_is_refused()
    {
        var pair = new HandshakePair(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Settings("alpha", "bravo"));
        pair.Run();
        Assert.Equal(HandshakeRefusal.WrongNode, pair.A.Refusal);
        Assert.Contains("this node's own name", pair.A.Reason);
    }

    [Fact]
    public void A_node_that_is_not_the_configured_peer_is_refused()
    {
        var pair = new HandshakePair(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Settings("charlie", "alpha"));
        pair.Run();
        Assert.Equal(HandshakeRefusal.WrongNode, pair.A.Refusal);
        Assert.Contains("charlie", pair.A.Reason);
        Assert.Contains("bravo", pair.A.Reason);
    }

    [Fact]
    public void A_different_version_is_refused_naming_both()
    {
        var a = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        a.Start();
        var b = (Hello)new LinkHandshake(HandshakePair.Settings("bravo", "alpha"), HandshakePair.Challenge(2)).Start().Send!;
        HandshakeStep step = a.Receive(b with { Version = 7 });
        Assert.Equal(HandshakeRefusal.Version, step.Refusal);
        Assert.Contains("version 7, this node 1", step.Reason);
    }

    public static TheoryData<string, string[]> Differences => new()
    {
        { "protocol", ["protocol B", "protocol C"] },
        { "size", ["1073741824 bytes", "this node 2147483648"] },
        { "sb0", ["after_sb_0pri = \"disconnect\"", "\"discard-zero-changes\""] },
        { "sb1", ["after_sb_1pri = \"disconnect\"", "\"consensus\""] },
        { "fencing", ["fencing = \"dont-care\"", "this node \"resource-only\"", "set the same fencing"] },
        { "volume", ["\"r1\"", "\"r0\""] },
        { "cluster", ["\"web\"", "\"db\""] },
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public void Incompatible_settings_are_refused_with_both_values(string what, string[] expected)
    {
        LinkSettings mine = HandshakePair.Settings("alpha", "bravo");
        LinkSettings peer = HandshakePair.Settings("bravo", "alpha");
        (mine, peer) = what switch
        {
            "protocol" => (mine, peer with { Protocol = ReplicationProtocol.B }),
            "size" => (mine with { DataSize = 2L << 30 }, peer),
            "sb0" => (mine with { AfterSb0Pri = AfterSb0Pri.DiscardZeroChanges }, peer),
            "sb1" => (mine with { AfterSb1Pri = AfterSb1Pri.Consensus }, peer),
            "fencing" => (mine with { Fencing = FencingPolicy.ResourceOnly }, peer with { Fencing = FencingPolicy.DontCare }),
            "volume" => (mine, peer with { Volume = "r1" }),
            "cluster" => (mine, peer with { Cluster = "web" }),
            _ => throw new ArgumentException(what),
        };
        var pair = new HandshakePair(mine, peer);
        pair.Run();
        Assert.Equal(HandshakeRefusal.Incompatible, pair.A.Refusal);
        Assert.Equal(HandshakeRefusal.Incompatible, pair.B.Refusal);
        foreach (string part in expected)
        {
            Assert.Contains(part, pair.A.Reason);
        }

        Assert.DoesNotContain(pair.SentByA, p => p is Welcome);
    }

    [Fact]
    public void Packets_out_of_place_are_violations()
    {
        LinkHandshake Fresh() => new(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        var a = Fresh();
        a.Start();
        Assert.Equal(HandshakeRefusal.Violation, a.Receive(new Write(1, 1, 0, 1, WriteKind.Data, false, new byte[1])).Refusal);

        a = Fresh();
        a.Start();
        Assert.Equal(HandshakeRefusal.Violation, a.Receive(new AuthResponse(new byte[32])).Refusal);

        // The deciding node never receives a Welcome.
        var pair = new HandshakePair();
        pair.Run();
        Assert.Equal(HandshakeRefusal.Violation, pair.A.Receive(new Welcome()).Refusal);

        // The other node must not send anything between its AuthResponse and the Welcome.
        pair = new HandshakePair();
        pair.Run();
        Assert.Equal(HandshakeRefusal.Violation, pair.A.Receive(new Ping()).Refusal);

        pair = new HandshakePair();
        pair.Run();
        Assert.Equal(HandshakeRefusal.Violation, pair.B.Receive(new Hello(1, 0, "db", "r0", "alpha", ReplicationProtocol.C, 0, 0, 0, 0, 0, new byte[32])).Refusal);
    }

    [Fact]
    public void A_goodbye_reason_is_made_printable()
    {
        var a = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        a.Start();
        HandshakeStep step = a.Receive(new Goodbye("bad\nline\u001b[31m"));
        Assert.Equal(HandshakeRefusal.PeerRefused, step.Refusal);
        Assert.Null(step.Send);
        Assert.DoesNotContain('\n', step.Reason!);
        Assert.DoesNotContain('\u001b', step.Reason!);
    }

    [Fact]
    public void Inputs_after_the_end_or_out_of_turn_throw()
    {
        var pair = new HandshakePair();
        pair.Run();
        Assert.Throws<InvalidOperationException>(() => pair.B.Accept());
        pair.AcceptAtA();
        Assert.Throws<InvalidOperationException>(() => pair.A.Receive(new Ping()));
        Assert.Throws<InvalidOperationException>(() => pair.A.Reject("late"));
        Assert.Throws<InvalidOperationException>(() => pair.A.Start());
        var fresh = new LinkHandshake(HandshakePair.Settings("alpha", "bravo"), HandshakePair.Challenge(1));
        Assert.Throws<InvalidOperationException>(() => fresh.Receive(new Ping()));
    }
}
