using System.Buffers;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    private static readonly PingAck PingAckPacket = new();

    private readonly byte[] _header = new byte[ReplicationFrameHeader.Size];
    private byte[] _scratch = [];

    /// <summary>After the handshake: answer pings, end on a Goodbye, hand everything else to the link in order.</summary>
    private async Task ReadLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            (ReplicationPacket packet, byte[]? pooled)? frame = await ReadFrameAsync(ReplicationLimits.MaxPayloadLength, handshake: false, ct).ConfigureAwait(false);
            if (frame is not { } f)
            {
                Close("the peer closed the connection");
                return;
            }

            Volatile.Write(ref _lastReceived, _time.GetTimestamp());
            switch (f.packet)
            {
                case Ping:
                    SendControl(PingAckPacket);
                    break;
                case PingAck:
                    Volatile.Write(ref _pingSentAt, 0);
                    break;
                case Goodbye g:
                    Close($"the peer closed the connection: {LinkHandshake.Printable(g.Reason)}");
                    return;
                case Hello or AuthResponse or Welcome:
                    throw new ReplicationProtocolException($"{f.packet.GetType().Name} after the handshake");
                default:
                    await _link.DeliverAsync(this, f.packet, f.pooled, ct).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>
    /// One frame, or null if the peer closed the connection between frames. A packet that keeps its payload gets its
    /// own buffer (pooled after the handshake, handed over with the packet), read into directly from the socket.
    /// </summary>
    private async ValueTask<(ReplicationPacket Packet, byte[]? Pooled)?> ReadFrameAsync(int maxPayload, bool handshake, CancellationToken ct)
    {
        if (!await _input!.ReadExactlyAsync(_header, ct).ConfigureAwait(false))
        {
            return null;
        }

        ReplicationFrameHeader.TryRead(_header, out ReplicationFrameHeader header, maxPayload);
        int length = header.PayloadLength;
        if (length == 0)
        {
            return (ReplicationCodec.ReadPayload(header, ReadOnlyMemory<byte>.Empty), null);
        }

        bool retains = ReplicationCodec.RetainsPayload(header.Type);
        bool pooled = retains && !handshake;
        // A retained payload's data lands 4 KiB-aligned, so the disk write can take it as it is (O_DIRECT).
        byte[] buffer = !retains ? Scratch(length) : pooled ? AlignedArrays.Shared.Rent(length) : new byte[length];
        Memory<byte> payload = pooled ? AlignedArrays.Window(buffer, ReplicationCodec.DataOffset(header.Type), length) : buffer.AsMemory(0, length);
        try
        {
            if (!await _input.ReadExactlyAsync(payload, ct).ConfigureAwait(false))
            {
                throw new EndOfStreamException($"the connection closed after the header of a {header.Type} frame");
            }

            return (ReplicationCodec.ReadPayload(header, payload), pooled ? buffer : null);
        }
        catch when (pooled)
        {
            AlignedArrays.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>A reused buffer for payloads that are parsed into new objects (acks, bitmaps, reasons).</summary>
    private byte[] Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            ReturnScratch();
            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
        }

        return _scratch;
    }

    private void ReturnScratch()
    {
        byte[] scratch = Interlocked.Exchange(ref _scratch, []);
        if (scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
