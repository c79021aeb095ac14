namespace Tandem.Heartbeat.Protocol;

/// <summary>One decoded, authenticated heartbeat frame.</summary>
/// <param name="Generation">The sender's restart generation: grows every time its daemon starts (<see cref="Tandem.Heartbeat.RestartGeneration"/>).</param>
/// <param name="Sequence">Counts the sender's send rounds within one generation, from 1.</param>
/// <param name="Link">Index of the link in the sender's <c>heartbeat = [...]</c> list the frame was sent on.</param>
/// <param name="Payload">Opaque summary of the sender's state, at most <see cref="HeartbeatLimits.MaxPayloadBytes"/>.</param>
public sealed record HeartbeatMessage(
    HeartbeatMessageType Type,
    string Cluster,
    string Sender,
    ulong Generation,
    ulong Sequence,
    int Link,
    ReadOnlyMemory<byte> Payload);
