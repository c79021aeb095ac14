using System.Net;
using System.Net.Sockets;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using static Tandem.Tests.Integration.Replication.Link.LinkTestKit;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>
/// Crossed connections made deterministic: the test plays the peer "bravo" and holds both the connection the link
/// opened to it and one it opened to the link, choosing the order in which they authenticate.
/// </summary>
public sealed class CrossedConnectionTests
{
    private sealed record Crossing(ReplicationLink Alpha, CapturingLogs Logs, TcpListener Listener, RawPeer Ours, RawPeer Theirs, Task<HandshakeState> OursHandshake, LinkSettings Bravo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Ours.Dispose();
            Theirs.Dispose();
            Listener.Stop();
            await Alpha.DisposeAsync();
        }
    }

    /// <summary>Alpha connects to our listener (left waiting), and our own connection to alpha authenticates first.</summary>
    private static async Task<Crossing> CrossAsync()
    {
        int portA = FreePort(), portB = FreePort();
        var listener = new TcpListener(IPAddress.Loopback, portB);
        listener.Start();
        var logs = new CapturingLogs();
        var alpha = NewLink(Settings("alpha", portA, "bravo", portB), logs);
        alpha.Start();
        RawPeer theirs = RawPeer.Accepted(await listener.AcceptTcpClientAsync());
        await EventuallyAsync(() => logs.WithId(1801).Any(), "listening", logs);

        LinkSettings bravo = Settings("bravo", portB, "alpha", portA);
        RawPeer ours = await RawPeer.ConnectAsync(portA);
        Task<HandshakeState> oursHandshake = ours.HandshakeAsync(bravo);
        await EventuallyAsync(() => logs.WithId(1807).Any(t => t.Contains("incoming", StringComparison.Ordinal) && t.EndsWith("AwaitingVerdict", StringComparison.Ordinal)),
            "our connection authenticated and held", logs);
        Assert.False(oursHandshake.IsCompleted);
        return new Crossing(alpha, logs, listener, ours, theirs, oursHandshake, bravo);
    }

    [Fact]
    public async Task The_deciding_node_keeps_the_connection_it_opened_and_drops_the_other()
    {
        await using Crossing c = await CrossAsync();
        Assert.Equal(HandshakeState.Established, await c.Theirs.HandshakeAsync(c.Bravo));
        Assert.Equal(HandshakeState.Refused, await c.OursHandshake);

        var established = await c.Alpha.NextAsync<LinkEvent.Established>(c.Logs);
        Assert.True(established.Peer.Outgoing);
        Assert.True(c.Alpha.TrySend(new RecvAck(1)));
        Assert.Equal(new RecvAck(1), await c.Theirs.ReadAsync());
        Assert.True(await c.Ours.ClosedByPeerAsync());
        await EventuallyAsync(() => c.Alpha.ConnectionCount == 1, "one connection left", c.Logs);
        Assert.False(c.Alpha.Events.TryRead(out _));
    }

    [Fact]
    public async Task When_its_own_connection_fails_the_deciding_node_takes_the_held_one()
    {
        await using Crossing c = await CrossAsync();
        c.Theirs.Dispose(); // the connection alpha opened dies before authenticating

        Assert.Equal(HandshakeState.Established, await c.OursHandshake);
        var established = await c.Alpha.NextAsync<LinkEvent.Established>(c.Logs);
        Assert.False(established.Peer.Outgoing);
        Assert.True(c.Alpha.TrySend(new WriteAck(2)));
        Assert.Equal(new WriteAck(2), await c.Ours.ReadAsync());
    }
}
