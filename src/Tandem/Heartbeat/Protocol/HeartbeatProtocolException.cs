namespace Tandem.Heartbeat.Protocol;

/// <summary>Why a datagram was refused by <see cref="HeartbeatCodec"/>.</summary>
public enum HeartbeatError
{
    Truncated,
    Oversized,
    BadMagic,
    UnsupportedVersion,
    UnknownType,
    BadLength,
    BadName,
    /// <summary>The HMAC does not match: a wrong key, a forgery or a corrupted datagram.</summary>
    BadMac,
}

/// <summary>A heartbeat datagram that is not a valid, authentic frame.</summary>
public sealed class HeartbeatProtocolException(HeartbeatError error, string message) : IOException(message)
{
    public HeartbeatError Error { get; } = error;

    /// <summary>True when the frame was well formed but not signed with our key.</summary>
    public bool Forged => Error == HeartbeatError.BadMac;
}
