using System.Security.Cryptography;
using System.Net.Sockets;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

// Which connection is in use. Everything here runs under _gate, so events are emitted in a single order and a
// Lost is always written before the next Established.
public sealed partial class ReplicationLink
{
    private readonly HashSet<LinkConnection> _connections = [];
    private LinkConnection? _current;    // the connection both sides agreed on
    private LinkConnection? _sendTarget; // _current once the owner has taken its Established event
    private LinkConnection? _outbound;   // our own connection while its handshake runs
    private LinkConnection? _held;       // deciding node: an incoming connection waiting for the outcome of _outbound
    private TaskCompletionSource _disconnected = Completed();

    private LinkConnection Adopt(Socket socket, bool outgoing)
    {
        byte[] challenge = RandomNumberGenerator.GetBytes(ReplicationLimits.ChallengeLength);
        var connection = new LinkConnection(this, _settings, _log, _time, socket, outgoing, challenge, IsOwnChallenge);
        _connections.Add(connection);
        connection.Start();
        return connection;
    }

    /// <summary>A peer sending the challenge of any of our connections is reflecting it.</summary>
    private bool IsOwnChallenge(ReadOnlyMemory<byte> challenge)
    {
        lock (_gate)
        {
            return _connections.Any(c => c.Challenge.Span.SequenceEqual(challenge.Span));
        }
    }

    internal void StartHandshake(LinkConnection c)
    {
        lock (_gate)
        {
            if (!c.IsClosed)
            {
                Apply(c, c.Handshake.Start(), HandshakeState.New);
            }
        }
    }

    internal void OnHandshakePacket(LinkConnection c, ReplicationPacket packet)
    {
        lock (_gate)
        {
            if (!c.IsClosed)
            {
                HandshakeState from = c.Handshake.State;
                Apply(c, c.Handshake.Receive(packet), from);
            }
        }
    }

    internal void RejectAfterTimeout(LinkConnection c)
    {
        lock (_gate)
        {
            if (!c.IsClosed && c.Handshake.State is not (HandshakeState.Established or HandshakeState.Refused))
            {
                HandshakeState from = c.Handshake.State;
                Apply(c, c.Handshake.Reject("the handshake timed out"), from);
            }
        }
    }

    private void Apply(LinkConnection c, HandshakeStep step, HandshakeState from)
    {
        ReplicationLinkLog.HandshakeStateChanged(_log, _settings.Volume, c.Id, c.Direction, c.RemoteEndPoint, from, step.State);
        if (step.Send is { } packet)
        {
            c.Send(packet);
        }

        switch (step.State)
        {
            case HandshakeState.Refused:
                LogRefusal(c, step);
                c.Close(step.Reason!);
                break;
            case HandshakeState.AwaitingVerdict:
                Decide(c);
                break;
            case HandshakeState.Established:
                Promote(c);
                break;
        }
    }

    /// <summary>Deciding node, peer authenticated: keep this connection, drop it, or wait for our own attempt.</summary>
    private void Decide(LinkConnection c)
    {
        if (_stopping)
        {
            Apply(c, c.Handshake.Reject("the peer is stopping"), HandshakeState.AwaitingVerdict);
        }
        else if (_current is { } current)
        {
            // The peer opens a connection only when it has none: ours may be stale, so check it now.
            Apply(c, c.Handshake.Reject($"already connected (connection {current.Id}); retry later"), HandshakeState.AwaitingVerdict);
            current.Probe();
        }
        else if (!c.Outgoing && _outbound is { IsClosed: false } own && own != c)
        {
            _held = c; // crossed: both connected at once; prefer the one we opened if it completes
        }
        else
        {
            Apply(c, c.Handshake.Accept(), HandshakeState.AwaitingVerdict);
        }
    }

    /// <summary>Both sides agreed on <paramref name="c"/>: it replaces any older connection and every other attempt is dropped.</summary>
    private void Promote(LinkConnection c)
    {
        if (_current is { } old && old != c)
        {
            old.Close("replaced by a newer connection from the peer");
        }

        _current = c;
        _outbound = null;
        _held = null;
        _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        c.MarkEstablished();
        PeerHello peer = c.PeerHello;
        ReplicationLinkLog.Established(_log, _settings.Volume, peer.Node, peer.RemoteEndPoint, c.Direction, c.Id);
        _events.Writer.TryWrite(new LinkEvent.Established(peer) { Connection = c });
        AnnounceLater();
        SetState(LinkState.Connected);
        foreach (LinkConnection other in _connections.Where(o => o != c && !o.IsClosed).ToList())
        {
            if (other.Handshake.State is not (HandshakeState.Established or HandshakeState.Refused))
            {
                Apply(other, other.Handshake.Reject("a connection to the peer is already established"), other.Handshake.State);
            }
        }
    }

    /// <summary>From <see cref="LinkConnection.Close"/>: report the loss of the connection in use, release a held one.</summary>
    internal void OnConnectionClosing(LinkConnection c, string reason)
    {
        lock (_gate)
        {
            if (c == _current)
            {
                _current = null;
                _sendTarget = null;
                ReplicationLinkLog.Lost(_log, _settings.Volume, c.Id, _settings.PeerNode, reason);
                _events.Writer.TryWrite(new LinkEvent.Lost(reason));
                AnnounceLater();
                SetState(_stopping ? LinkState.Stopped : LinkState.Connecting);
                _disconnected.TrySetResult();
            }

            if (c == _held)
            {
                _held = null;
            }

            if (c == _outbound)
            {
                _outbound = null;
                if (_held is { IsClosed: false } held && _current is null && held.Handshake.State == HandshakeState.AwaitingVerdict)
                {
                    _held = null;
                    Apply(held, held.Handshake.Accept(), HandshakeState.AwaitingVerdict);
                }
            }
        }
    }

    internal void OnConnectionClosed(LinkConnection c)
    {
        ReplicationLinkLog.ConnectionClosed(_log, _settings.Volume, c.Id, c.CloseReason);
        lock (_gate)
        {
            _connections.Remove(c);
        }
    }

    private Task WaitUntilDisconnectedAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            return _disconnected.Task.WaitAsync(ct);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    /// <summary>Internal state for tests: connections open in any phase.</summary>
    internal int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }
}
