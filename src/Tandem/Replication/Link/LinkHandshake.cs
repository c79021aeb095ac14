using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>
/// The handshake of one replication connection, with no socket and no clock: packets in, a <see cref="HandshakeStep"/>
/// out. Both sides run the same machine:
/// <code>
///   both:   Hello ──────────────▶          (version, names, settings, 32-byte random challenge)
///   both:   AuthResponse ───────▶          on the peer's Hello: HMAC over its challenge and our Hello (LinkAuth)
///   both:   verify the peer's AuthResponse, then check the settings both must share
///   lower-named node: Welcome ──▶          when the link keeps this connection (Accept), else Goodbye (Reject)
/// </code>
/// The node with the lower name decides, so crossed connections are resolved without a race. A peer that sends our
/// own challenge back, claims our name or another node's, speaks another version, fails the challenge or has
/// different settings is refused with a Goodbye and a one-line reason. Any packet out of place is a violation.
/// </summary>
public sealed class LinkHandshake
{
    private readonly LinkSettings _settings;
    private readonly Hello _hello;
    private readonly Func<ReadOnlyMemory<byte>, bool>? _isOwnChallenge;
    private Hello? _peer;

    /// <param name="challenge">32 fresh random bytes.</param>
    /// <param name="isOwnChallenge">Recognises challenges of our other connections (a reflection across connections).</param>
    public LinkHandshake(LinkSettings settings, ReadOnlyMemory<byte> challenge, Func<ReadOnlyMemory<byte>, bool>? isOwnChallenge = null)
    {
        if (challenge.Length != ReplicationLimits.ChallengeLength)
        {
            throw new ArgumentException($"the challenge must be {ReplicationLimits.ChallengeLength} bytes", nameof(challenge));
        }

        _settings = settings;
        _isOwnChallenge = isOwnChallenge;
        _hello = new Hello(LinkSettings.ProtocolVersion, settings.Features, settings.Cluster, settings.Volume, settings.LocalNode,
            settings.Protocol, settings.DataSize, settings.AfterSb0Pri, settings.AfterSb1Pri, settings.AfterSb2Pri, settings.Fencing, challenge.ToArray());
    }

    public HandshakeState State { get; private set; }

    /// <summary>The peer's Hello once it is received (authenticated only from <see cref="HandshakeState.AwaitingVerdict"/> on).</summary>
    public Hello? Peer => _peer;

    /// <summary>The refusal reason once <see cref="HandshakeState.Refused"/>.</summary>
    public string? Reason { get; private set; }

    public HandshakeRefusal Refusal { get; private set; }

    /// <summary>Sends our Hello.</summary>
    public HandshakeStep Start() => State == HandshakeState.New
        ? Move(HandshakeState.AwaitingHello, _hello)
        : throw Unhandled("Start");

    public HandshakeStep Receive(ReplicationPacket packet) => (State, packet) switch
    {
        (HandshakeState.Established or HandshakeState.Refused or HandshakeState.New, _) => throw Unhandled(packet.GetType().Name),
        (_, Goodbye g) => Refuse(HandshakeRefusal.PeerRefused, $"the peer ended the handshake: {Printable(g.Reason)}", send: false),
        (HandshakeState.AwaitingHello, Hello h) => OnHello(h),
        (HandshakeState.AwaitingAuth, AuthResponse a) => OnAuthResponse(a),
        (HandshakeState.AwaitingWelcome, Welcome) => Move(HandshakeState.Established, null),
        _ => Refuse(HandshakeRefusal.Violation, $"unexpected {packet.GetType().Name} while {State}"),
    };

    /// <summary>The link keeps this connection (only the deciding node, once the peer is authenticated).</summary>
    public HandshakeStep Accept() => State == HandshakeState.AwaitingVerdict
        ? Move(HandshakeState.Established, new Welcome())
        : throw Unhandled("Accept");

    /// <summary>The link drops this connection (a duplicate, a timeout, stopping); the peer is told why.</summary>
    public HandshakeStep Reject(string reason) => State is HandshakeState.Established or HandshakeState.Refused
        ? throw Unhandled("Reject")
        : Refuse(HandshakeRefusal.Rejected, reason);

    private HandshakeStep OnHello(Hello peer)
    {
        if (peer.Version != LinkSettings.ProtocolVersion)
        {
            return Refuse(HandshakeRefusal.Version,
                $"the peer speaks replication protocol version {peer.Version}, this node {LinkSettings.ProtocolVersion}; run the same Tandem version on both nodes");
        }

        if (peer.Challenge.Span.SequenceEqual(_hello.Challenge.Span) || _isOwnChallenge?.Invoke(peer.Challenge) == true)
        {
            return Refuse(HandshakeRefusal.Reflection, "the peer sent our own challenge back (a reflection attack or a loop to ourselves)");
        }

        if (peer.Node != _settings.PeerNode)
        {
            string which = peer.Node == _settings.LocalNode ? "this node's own name" : $"not the configured peer {_settings.PeerNode}";
            return Refuse(HandshakeRefusal.WrongNode,
                $"the peer calls itself \"{Printable(peer.Node)}\", {which}; check the volume's address entries in the config");
        }

        _peer = peer;
        return Move(HandshakeState.AwaitingAuth, new AuthResponse(LinkAuth.Respond(_settings.Key, peer.Challenge.Span, _hello)));
    }

    private HandshakeStep OnAuthResponse(AuthResponse response)
    {
        Hello peer = _peer!;
        if (!LinkAuth.Verify(_settings.Key, _hello.Challenge.Span, peer, response.Mac.Span))
        {
            return Refuse(HandshakeRefusal.AuthFailed,
                $"node {peer.Node} failed authentication: its cluster key differs from ours; copy the same auth_key_file to both nodes");
        }

        string? difference = Compatibility.Compare(_hello, peer);
        if (difference is not null)
        {
            return Refuse(HandshakeRefusal.Incompatible, difference);
        }

        return Move(_settings.Decides ? HandshakeState.AwaitingVerdict : HandshakeState.AwaitingWelcome, null);
    }

    private HandshakeStep Refuse(HandshakeRefusal refusal, string reason, bool send = true)
    {
        Refusal = refusal;
        Reason = reason;
        // The peer learns why, except how authentication failed.
        string told = refusal == HandshakeRefusal.AuthFailed ? "authentication failed" : reason;
        return Move(HandshakeState.Refused, send ? new Goodbye(told) : null);
    }

    /// <summary>The one place where the state changes.</summary>
    private HandshakeStep Move(HandshakeState to, ReplicationPacket? send)
    {
        State = to;
        return new HandshakeStep(to, send, Refusal, Reason);
    }

    private InvalidOperationException Unhandled(string input) => new($"handshake input {input} is not valid while {State}");

    /// <summary>Peer-supplied text made safe for one log line.</summary>
    internal static string Printable(string text) =>
        string.Create(text.Length, text, (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
}
