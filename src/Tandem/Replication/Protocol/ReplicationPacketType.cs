namespace Tandem.Replication.Protocol;

/// <summary>The 16-bit packet type of a frame header. Values are wire format: never renumber, only add.</summary>
public enum ReplicationPacketType : ushort
{
    // Handshake (before and during authentication).
    Hello = 1,
    AuthResponse = 2,
    Welcome = 3,

    // After authentication.
    StateReport = 16,
    Write = 17,
    RecvAck = 18,
    WriteAck = 19,
    NegAck = 20,
    Barrier = 21,
    BarrierAck = 22,
    BitmapRuns = 23,
    ResyncRequest = 24,
    ChecksumRequest = 25,
    ResyncData = 26,
    ResyncInSync = 27,
    ResyncAck = 28,
    ResyncNegReply = 29,
    VerifyRequest = 30,
    VerifyReply = 31,
    OutOfSync = 32,
    ReadRequest = 33,
    ReadReply = 34,
    SyncDone = 35,
    Ping = 36,
    PingAck = 37,
    Goodbye = 38,
}
