using System.Buffers;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    private static readonly PingAck PingAckPacket = new();

    private readonly byte[] _header = new byte[ReplicationFrameHeader.Size];
    private byte[] _scratch = [];

    /// <summary>Runs <paramref name="body"/> on a thread of its own; the task ends with it (faulted if it threw).</summary>
    private Task OnOwnThreadAsync(Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                body();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"link-{_settings.Volume}",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>
    /// After the handshake: answer pings, end on a Goodbye, hand everything else to the link in order. The owner may take
    /// a packet right here (the core, a small disk write, a flush), so no other thread is woken for it; meanwhile nothing
    /// is read, and the keepalive tells the peer this node is alive.
    /// </summary>
    private void ReceiveLoop(CancellationToken ct)
    {
        while (true)
        {
            (ReplicationPacket packet, byte[]? pooled)? frame = ReadFrame(ReplicationLimits.MaxPayloadLength, pooled: true);
            if (frame is not { } f)
            {
                Close("the peer closed the connection");
                return;
            }

            long now = _time.GetTimestamp();
            Volatile.Write(ref _lastReceived, now);
            Volatile.Write(ref _pingSentAt, 0); // anything from the peer answers a ping: it is alive and sending
            switch (f.packet)
            {
                case Ping:
                    SendControl(PingAckPacket);
                    break;
                case PingAck:
                    break;
                case Goodbye g:
                    Close($"the peer closed the connection: {LinkHandshake.Printable(g.Reason)}");
                    return;
                case Hello or AuthResponse or Welcome:
                    if (f.pooled is not null)
                    {
                        AlignedArrays.Shared.Return(f.pooled);
                    }

                    throw new ReplicationProtocolException($"{f.packet.GetType().Name} after the handshake");
                default:
                    Volatile.Write(ref _notReadingSince, now);
                    try
                    {
                        _link.Deliver(this, f.packet, f.pooled, ct);
                    }
                    finally
                    {
                        Volatile.Write(ref _notReadingSince, 0);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// One frame, or null if the peer closed the connection between frames. A packet that keeps its payload gets its own
    /// buffer (from the pool when <paramref name="pooled"/>, handed over with the packet), read into directly from the socket.
    /// </summary>
    private (ReplicationPacket Packet, byte[]? Pooled)? ReadFrame(int maxPayload, bool pooled)
    {
        if (!_input!.ReadExactly(_header))
        {
            return null;
        }

        (ReplicationFrameHeader header, byte[]? buffer, Memory<byte> payload) = StartFrame(maxPayload, pooled);
        try
        {
            if (!payload.IsEmpty && !_input.ReadExactly(payload.Span))
            {
                throw new EndOfStreamException($"the connection closed after the header of a {header.Type} frame");
            }

            return (ReplicationCodec.ReadPayload(header, payload), buffer);
        }
        catch when (buffer is not null)
        {
            AlignedArrays.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// Checks the header just read and picks where its payload goes: a packet that keeps its payload gets a buffer of its
    /// own (pooled, and returned with the packet, when <paramref name="pooled"/>), others the reused scratch buffer.
    /// </summary>
    private (ReplicationFrameHeader Header, byte[]? Pooled, Memory<byte> Payload) StartFrame(int maxPayload, bool pooled)
    {
        ReplicationFrameHeader.TryRead(_header, out ReplicationFrameHeader header, maxPayload);
        int length = header.PayloadLength;
        if (length == 0)
        {
            return (header, null, Memory<byte>.Empty);
        }

        if (!ReplicationCodec.RetainsPayload(header.Type))
        {
            return (header, null, Scratch(length).AsMemory(0, length));
        }

        if (!pooled)
        {
            return (header, null, new byte[length]);
        }

        // A retained payload's data lands 4 KiB-aligned, so the disk write can take it as it is (O_DIRECT).
        byte[] buffer = AlignedArrays.Shared.Rent(length);
        return (header, buffer, AlignedArrays.Window(buffer, ReplicationCodec.DataOffset(header.Type), length));
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
