namespace Tandem.Replication.Protocol;

/// <summary>Bounds of the replication wire format, checked before anything is allocated.</summary>
public static class ReplicationLimits
{
    /// <summary>Largest data payload of one <see cref="Write"/>, <see cref="ResyncData"/> or <see cref="ReadReply"/>;
    /// also the largest range a <see cref="ResyncRequest"/>, <see cref="ChecksumRequest"/> or <see cref="ReadRequest"/> may ask for.</summary>
    public const int MaxDataLength = 1024 * 1024;

    /// <summary>Largest payload (everything after the frame header) of any frame.</summary>
    public const int MaxPayloadLength = MaxDataLength + 256;

    /// <summary>Largest payload accepted before the peer is authenticated (Hello, AuthResponse, Welcome, Goodbye).</summary>
    public const int MaxHandshakePayloadLength = 2048;

    /// <summary>Most dirty ranges in one <see cref="BitmapRuns"/> packet (16 bytes each); send more in several packets.</summary>
    public const int MaxBitmapRuns = MaxDataLength / 16;

    /// <summary>
    /// Largest digest of a <see cref="ChecksumRequest"/> or <see cref="VerifyRequest"/>: one 16-byte digest
    /// per 4 KiB block of a range of at most <see cref="MaxDataLength"/> (see Core/BlockDigests).
    /// </summary>
    public const int MaxDigestLength = MaxDataLength / 4096 * 16;

    /// <summary>Largest node, volume or cluster name in a <see cref="Hello"/>, in UTF-8 bytes.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Largest <see cref="Goodbye"/> reason in UTF-8 bytes; longer reasons are cut when written.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>Size of the <see cref="Hello"/> challenge and of the <see cref="AuthResponse"/> HMAC-SHA256.</summary>
    public const int ChallengeLength = 32;
}
