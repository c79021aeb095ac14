namespace Tandem.Heartbeat.Protocol;

/// <summary>
/// What a heartbeat datagram carries. Only <see cref="Heartbeat"/> exists in version 1; typed control messages
/// (such as a peer asking for a group to be released) take the next numbers. A receiver that does not know a
/// type rejects the datagram as corrupt rather than guessing.
/// </summary>
public enum HeartbeatMessageType : byte
{
    /// <summary>"I am alive", sent every keepalive on every link, with the sender's summary as payload.</summary>
    Heartbeat = 1,
}
