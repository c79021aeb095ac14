namespace Tandem.Replication.Link;

/// <summary>Where one connection's handshake is (see <see cref="LinkHandshake"/>).</summary>
public enum HandshakeState
{
    /// <summary>Nothing sent yet.</summary>
    New,
    /// <summary>Our Hello is sent; waiting for the peer's.</summary>
    AwaitingHello,
    /// <summary>Our AuthResponse is sent; waiting for the peer's.</summary>
    AwaitingAuth,
    /// <summary>The peer is authenticated and compatible; we have the lower name, so the link decides whether to keep this connection.</summary>
    AwaitingVerdict,
    /// <summary>The peer is authenticated and compatible; waiting for its Welcome (it has the lower name and decides).</summary>
    AwaitingWelcome,
    /// <summary>Both sides agreed to use this connection; replication packets may flow.</summary>
    Established,
    /// <summary>The connection must be closed (see the refusal).</summary>
    Refused,
}

/// <summary>Why a handshake ended without a connection; the link logs each kind with its own event id.</summary>
public enum HandshakeRefusal
{
    None,
    /// <summary>A packet that does not belong at this point of the handshake.</summary>
    Violation,
    /// <summary>Different replication protocol version.</summary>
    Version,
    /// <summary>The peer sent our own challenge back.</summary>
    Reflection,
    /// <summary>The peer calls itself by our node name, or by a name that is not our configured peer.</summary>
    WrongNode,
    /// <summary>The peer's answer to our challenge is wrong: a different key.</summary>
    AuthFailed,
    /// <summary>Different cluster, volume, protocol letter, size or split-brain policy.</summary>
    Incompatible,
    /// <summary>The peer ended the handshake with a Goodbye.</summary>
    PeerRefused,
    /// <summary>The link ended it (duplicate connection, timeout, stop).</summary>
    Rejected,
}

/// <summary>
/// The result of one handshake input: at most one packet to send, the new state, and for
/// <see cref="HandshakeState.Refused"/> why (a one-line message naming both values when settings differ).
/// </summary>
public readonly record struct HandshakeStep(HandshakeState State, Protocol.ReplicationPacket? Send, HandshakeRefusal Refusal = HandshakeRefusal.None, string? Reason = null);
