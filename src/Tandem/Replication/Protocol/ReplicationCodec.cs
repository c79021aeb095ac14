using System.Buffers;

namespace Tandem.Replication.Protocol;

/// <summary>
/// The replication wire format: one <see cref="ReplicationFrameHeader"/> then the packet's payload. Stateless;
/// parsing returns false on a partial frame and throws <see cref="ReplicationProtocolException"/> on a bad one,
/// having bounded every length before allocating anything.
/// </summary>
public static partial class ReplicationCodec
{
    /// <summary>
    /// Reads one whole frame from the start of <paramref name="buffer"/> and advances it past the frame; false (buffer
    /// untouched) if the frame is not complete yet. Data of the returned packet is copied out of the buffer.
    /// </summary>
    /// <param name="maxPayload">The largest payload accepted (<see cref="ReplicationLimits.MaxHandshakePayloadLength"/> before authentication).</param>
    /// <exception cref="ReplicationProtocolException">The frame is malformed.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReplicationPacket packet, int maxPayload = ReplicationLimits.MaxPayloadLength)
    {
        packet = null!;
        if (buffer.Length < ReplicationFrameHeader.Size)
        {
            return false;
        }

        Span<byte> headerBytes = stackalloc byte[ReplicationFrameHeader.Size];
        buffer.Slice(0, ReplicationFrameHeader.Size).CopyTo(headerBytes);
        ReplicationFrameHeader.TryRead(headerBytes, out ReplicationFrameHeader header, maxPayload);
        if (buffer.Length - ReplicationFrameHeader.Size < header.PayloadLength)
        {
            return false;
        }

        ReadOnlySequence<byte> payload = buffer.Slice(ReplicationFrameHeader.Size, header.PayloadLength);
        // Packets that keep a slice of their payload get a private copy; the others are parsed in place.
        ReadOnlyMemory<byte> memory = RetainsPayload(header.Type) || !payload.IsSingleSegment ? payload.ToArray() : payload.First;
        packet = ReadPayload(header, memory);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Parses a payload whose header was already read. The packet's data (and digest) are slices of
    /// <paramref name="payload"/>, not copies: the caller hands over that memory.
    /// </summary>
    /// <exception cref="ReplicationProtocolException">The payload does not match the packet type.</exception>
    public static ReplicationPacket ReadPayload(ReplicationFrameHeader header, ReadOnlyMemory<byte> payload)
    {
        if (payload.Length != header.PayloadLength)
        {
            throw new ArgumentException($"payload is {payload.Length} bytes, header says {header.PayloadLength}", nameof(payload));
        }

        ushort undefined = (ushort)(header.Flags & ~AllowedFlags(header.Type));
        if (undefined != 0)
        {
            throw new ReplicationProtocolException($"{header.Type}: undefined flags 0x{undefined:x4}");
        }

        return Parse(header, payload);
    }

    /// <summary>True for packet types whose parsed form keeps a slice of the payload (data or digest).</summary>
    public static bool RetainsPayload(ReplicationPacketType type) => type is ReplicationPacketType.Write
        or ReplicationPacketType.ResyncData or ReplicationPacketType.ReadReply
        or ReplicationPacketType.ChecksumRequest or ReplicationPacketType.VerifyRequest
        or ReplicationPacketType.Hello or ReplicationPacketType.AuthResponse;

    /// <summary>Bytes of fields before the data in the payloads that carry data (see the layouts in ReplicationCodec.Read.cs).</summary>
    private const int WriteFields = 28, ResyncDataFields = 16, ReadReplyFields = 8;

    /// <summary>How many bytes of fields come before the data in a payload of this type (0 for types without data).</summary>
    public static int DataOffset(ReplicationPacketType type) => type switch
    {
        ReplicationPacketType.Write => WriteFields,
        ReplicationPacketType.ResyncData => ResyncDataFields,
        ReplicationPacketType.ReadReply => ReadReplyFields,
        _ => 0,
    };

    /// <summary>Writes a whole frame.</summary>
    /// <exception cref="ArgumentException">A field is out of the wire format's bounds.</exception>
    public static void Write(IBufferWriter<byte> writer, ReplicationPacket packet)
    {
        ReadOnlyMemory<byte> tail = WriteHead(writer, packet);
        if (!tail.IsEmpty)
        {
            writer.Write(tail.Span);
        }
    }

    /// <summary>
    /// Writes the frame except its trailing <see cref="ReplicationPacket.Payload"/> bytes, which are returned for the
    /// caller to send as they are (large data then needs no copy). Returns empty when the frame is complete.
    /// </summary>
    /// <exception cref="ArgumentException">A field is out of the wire format's bounds.</exception>
    public static ReadOnlyMemory<byte> WriteHead(IBufferWriter<byte> writer, ReplicationPacket packet)
    {
        (ReplicationPacketType type, ushort flags, int fixedLength, ReadOnlyMemory<byte> tail) = Describe(packet);
        int payloadLength = fixedLength + tail.Length;
        if (payloadLength > ReplicationLimits.MaxPayloadLength)
        {
            throw new ArgumentException($"{type} payload of {payloadLength} bytes exceeds {ReplicationLimits.MaxPayloadLength}", nameof(packet));
        }

        Span<byte> span = writer.GetSpan(ReplicationFrameHeader.Size + fixedLength);
        new ReplicationFrameHeader(type, flags, payloadLength).Write(span);
        WriteFixed(packet, span.Slice(ReplicationFrameHeader.Size, fixedLength));
        writer.Advance(ReplicationFrameHeader.Size + fixedLength);
        return tail;
    }

    /// <summary>Total bytes of the frame for <paramref name="packet"/>, header included.</summary>
    public static int FrameLength(ReplicationPacket packet)
    {
        (_, _, int fixedLength, ReadOnlyMemory<byte> tail) = Describe(packet);
        return ReplicationFrameHeader.Size + fixedLength + tail.Length;
    }
}
