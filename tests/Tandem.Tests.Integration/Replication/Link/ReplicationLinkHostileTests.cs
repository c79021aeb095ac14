using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using static Tandem.Tests.Integration.Replication.Link.LinkTestKit;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>A link against a bare socket that sends garbage, oversized frames, or authenticates and then misbehaves.</summary>
public sealed class ReplicationLinkHostileTests
{
    [Fact]
    public async Task Garbage_and_oversized_frames_are_cut_off_and_the_real_peer_still_gets_in()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB), logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        // Random bytes: bad magic.
        using (RawPeer garbage = await RawPeer.ConnectAsync(portA))
        {
            var junk = new byte[4096];
            new Random(18).NextBytes(junk);
            await garbage.SendAsync(junk);
            Assert.True(await garbage.ClosedByPeerAsync());
        }

        // A well-formed header announcing a payload far beyond the limit: refused from the header alone.
        using (RawPeer oversized = await RawPeer.ConnectAsync(portA))
        {
            var header = new byte[ReplicationFrameHeader.Size];
            new ReplicationFrameHeader(ReplicationPacketType.Write, 0, ReplicationLimits.MaxPayloadLength).Write(header);
            await oversized.SendAsync(header);
            Assert.True(await oversized.ClosedByPeerAsync());
        }

        // A valid data frame before any handshake.
        using (RawPeer early = await RawPeer.ConnectAsync(portA))
        {
            await early.SendAsync(new Write(1, 1, 0, 4, WriteKind.Data, false, new byte[4]));
            Assert.True(await early.ClosedByPeerAsync());
        }

        await EventuallyAsync(() => logsA.WithId(1810).Count() >= 2 && logsA.Has(1818, "unexpected Write"), "violations logged", logsA);
        Assert.Contains(logsA.WithId(1810), t => t.Contains("bad frame magic", StringComparison.Ordinal));
        Assert.Contains(logsA.WithId(1810), t => t.Contains("exceeds", StringComparison.Ordinal));
        Assert.False(a.Events.TryRead(out _));

        var logsB = new CapturingLogs();
        await using var b = NewLink(Settings("bravo", portB, "alpha", portA), logsB);
        b.Start();
        await a.NextAsync<LinkEvent.Established>(logsA);
        await b.NextAsync<LinkEvent.Established>(logsB);
    }

    [Fact]
    public async Task A_peer_echoing_our_challenge_is_refused_and_logged()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB), logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        using RawPeer mirror = await RawPeer.ConnectAsync(portA);
        var hello = (Hello)(await mirror.ReadAsync())!;
        await mirror.SendAsync(hello with { Node = "bravo" });
        Assert.True(await mirror.ClosedByPeerAsync());
        await EventuallyAsync(() => logsA.Has(1812, "our own challenge"), "reflection logged", logsA);
        Assert.False(a.Events.TryRead(out _));
    }

    [Fact]
    public async Task A_peer_that_stops_answering_is_lost_by_ping_timeout()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        LinkSettings settings = Settings("alpha", portA, "bravo", portB) with
        {
            PingInterval = TimeSpan.FromMilliseconds(200),
            PingTimeout = TimeSpan.FromMilliseconds(600),
        };
        await using var a = NewLink(settings, logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        using RawPeer silent = await RawPeer.ConnectAsync(portA);
        Assert.Equal(HandshakeState.Established, await silent.HandshakeAsync(Settings("bravo", portB, "alpha", portA)));
        await a.NextAsync<LinkEvent.Established>(logsA);

        // The raw peer neither reads nor answers from here on.
        var lost = await a.NextAsync<LinkEvent.Lost>(logsA);
        Assert.Contains("no answer to a ping", lost.Reason);
        Assert.True(await silent.ClosedByPeerAsync());
    }

    [Fact]
    public async Task Pings_are_answered_and_never_reach_the_owner()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB), logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        using RawPeer peer = await RawPeer.ConnectAsync(portA);
        await peer.HandshakeAsync(Settings("bravo", portB, "alpha", portA));
        await a.NextAsync<LinkEvent.Established>(logsA);
        await peer.SendAsync(new Ping());
        Assert.IsType<PingAck>(await peer.ReadAsync());
        await peer.SendAsync(new PingAck());
        await peer.SendAsync(new RecvAck(5));
        Assert.Equal(new RecvAck(5), (await a.NextAsync<LinkEvent.Received>(logsA)).Packet);
    }

    [Fact]
    public async Task A_malformed_frame_after_authentication_loses_the_connection_without_reaching_the_owner()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB), logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        using RawPeer peer = await RawPeer.ConnectAsync(portA);
        await peer.HandshakeAsync(Settings("bravo", portB, "alpha", portA));
        await a.NextAsync<LinkEvent.Established>(logsA);

        // A Write whose offset is negative (the codec would refuse to write it, so build it by hand).
        byte[] payload = new byte[28];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), -4096);
        byte[] frame = new byte[ReplicationFrameHeader.Size + payload.Length];
        new ReplicationFrameHeader(ReplicationPacketType.Write, 0, payload.Length).Write(frame);
        payload.CopyTo(frame, ReplicationFrameHeader.Size);
        await peer.SendAsync(frame);

        var lost = await a.NextAsync<LinkEvent.Lost>(logsA);
        Assert.Contains("malformed", lost.Reason);
        Assert.True(logsA.Has(1810, "negative"));
        Assert.True(await peer.ClosedByPeerAsync());
    }

    [Fact]
    public async Task A_second_authenticated_connection_is_turned_away_while_one_is_in_use()
    {
        int portA = FreePort(), portB = FreePort();
        var logsA = new CapturingLogs();
        await using var a = NewLink(Settings("alpha", portA, "bravo", portB), logsA);
        a.Start();
        await EventuallyAsync(() => logsA.WithId(1801).Any(), "listening", logsA);

        using RawPeer first = await RawPeer.ConnectAsync(portA);
        await first.HandshakeAsync(Settings("bravo", portB, "alpha", portA));
        await a.NextAsync<LinkEvent.Established>(logsA);

        using RawPeer second = await RawPeer.ConnectAsync(portA);
        Assert.Equal(HandshakeState.Refused, await second.HandshakeAsync(Settings("bravo", portB, "alpha", portA)));

        // The first is probed with a Ping and stays in use.
        Assert.IsType<Ping>(await first.ReadAsync());
        await first.SendAsync(new PingAck());
        await first.SendAsync(new NegAck(9));
        Assert.Equal(new NegAck(9), (await a.NextAsync<LinkEvent.Received>(logsA)).Packet);
    }
}
