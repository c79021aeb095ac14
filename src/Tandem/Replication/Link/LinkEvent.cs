using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Replication.Link;

/// <summary>
/// What a <see cref="ReplicationLink"/> tells its owner, in order. A <see cref="Lost"/> always comes before the next
/// <see cref="Established"/>; <see cref="Received"/> packets belong to the last Established connection.
/// </summary>
public abstract record LinkEvent
{
    private LinkEvent()
    {
    }

    /// <summary>A connection to the peer is authenticated and agreed on by both sides; <see cref="ReplicationLink.TrySend"/> works from now on.</summary>
    public sealed record Established(PeerHello Peer) : LinkEvent
    {
        internal LinkConnection? Connection { get; init; }
    }

    /// <summary>A packet from the peer (never a handshake or keepalive packet).</summary>
    public sealed record Received(ReplicationPacket Packet) : LinkEvent
    {
        private byte[]? _buffer;

        internal Received(ReplicationPacket packet, byte[]? pooledBuffer)
            : this(packet) => _buffer = pooledBuffer;

        /// <summary>
        /// Optional: hands the buffer holding the packet's data back for reuse. Call it only once nothing reads the
        /// packet's data any more; without the call the buffer is simply collected.
        /// </summary>
        public void ReleasePayload()
        {
            byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null)
            {
                AlignedArrays.Shared.Return(buffer);
            }
        }
    }

    /// <summary>The connection is gone (peer closed it, timeout, protocol error, stop); packets sent on it may not have arrived.</summary>
    public sealed record Lost(string Reason) : LinkEvent;
}

/// <summary>The peer of an established connection, from its authenticated Hello.</summary>
public sealed record PeerHello(string Node, ushort Version, LinkFeatures Features, long DataSize, string RemoteEndPoint, bool Outgoing);

/// <summary>The link's own state (logged old → new).</summary>
public enum LinkState
{
    /// <summary>Not started, or stopped.</summary>
    Stopped,
    /// <summary>Listening and connecting (DRBD's WFConnection / Connecting).</summary>
    Connecting,
    /// <summary>One authenticated connection to the peer.</summary>
    Connected,
}
