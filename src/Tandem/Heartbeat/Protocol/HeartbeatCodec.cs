using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Heartbeat.Protocol;

/// <summary>
/// The heartbeat frame, version 1. Tandem's own format (Heartbeat's wire format is text and not followed);
/// all numbers big-endian:
/// <code>
///  offset size
///   0     4   magic "TDHB"
///   4     1   version (1)
///   5     1   type (<see cref="HeartbeatMessageType"/>)
///   6     2   reserved, zero
///   8     8   restart generation of the sender
///  16     8   sequence number
///  24     1   link index
///  25     1   C = cluster name length, 1..255 (UTF-8)
///  26     1   S = sender node name length, 1..64 (ASCII)
///  27     2   P = payload length, 0..4096
///  29     C   cluster name
///  29+C   S   sender node name
///  29+C+S P   payload (opaque)
///  end-32 32  HMAC-SHA256 with the cluster key over every byte before it
/// </code>
/// Stateless: replay, cluster and sender checks are the membership state machine's.
/// </summary>
public static class HeartbeatCodec
{
    static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Bytes <paramref name="m"/> takes on the wire.</summary>
    public static int SizeOf(HeartbeatMessage m) =>
        HeartbeatLimits.HeaderBytes + Encoding.UTF8.GetByteCount(m.Cluster) + Encoding.ASCII.GetByteCount(m.Sender)
        + m.Payload.Length + HeartbeatLimits.MacBytes;

    /// <summary>Writes <paramref name="m"/> signed with <paramref name="key"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">A field is out of range, or <paramref name="destination"/> is too small.</exception>
    public static int Write(HeartbeatMessage m, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        var cluster = Encoding.UTF8.GetByteCount(m.Cluster);
        if (cluster is < 1 or > HeartbeatLimits.MaxClusterBytes)
            throw new ArgumentException($"the cluster name must be 1 to {HeartbeatLimits.MaxClusterBytes} bytes in UTF-8, \"{m.Cluster}\" has {cluster}", nameof(m));
        if (!IsNodeName(m.Sender))
            throw new ArgumentException($"\"{m.Sender}\" is not a node name (1 to {HeartbeatLimits.MaxNodeNameBytes} letters, digits, '.', '-', '_')", nameof(m));
        if (m.Payload.Length > HeartbeatLimits.MaxPayloadBytes)
            throw new ArgumentException($"the payload has {m.Payload.Length} bytes, at most {HeartbeatLimits.MaxPayloadBytes} fit", nameof(m));
        if (m.Link is < 0 or >= HeartbeatLimits.MaxLinks)
            throw new ArgumentException($"link index {m.Link} is not 0 to {HeartbeatLimits.MaxLinks - 1}", nameof(m));
        var size = SizeOf(m);
        if (destination.Length < size)
            throw new ArgumentException($"the frame needs {size} bytes, the buffer has {destination.Length}", nameof(destination));

        BinaryPrimitives.WriteUInt32BigEndian(destination, HeartbeatLimits.Magic);
        destination[4] = HeartbeatLimits.Version;
        destination[5] = (byte)m.Type;
        destination[6] = 0;
        destination[7] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], m.Generation);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], m.Sequence);
        destination[24] = (byte)m.Link;
        destination[25] = (byte)cluster;
        destination[26] = (byte)m.Sender.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[27..], (ushort)m.Payload.Length);
        var at = HeartbeatLimits.HeaderBytes;
        at += Encoding.UTF8.GetBytes(m.Cluster, destination[at..]);
        at += Encoding.ASCII.GetBytes(m.Sender, destination[at..]);
        m.Payload.Span.CopyTo(destination[at..]);
        at += m.Payload.Length;
        HMACSHA256.HashData(key, destination[..at], destination[at..]);
        return at + HeartbeatLimits.MacBytes;
    }

    /// <summary>A new array holding <paramref name="m"/> signed with <paramref name="key"/>.</summary>
    public static byte[] Encode(HeartbeatMessage m, ReadOnlySpan<byte> key)
    {
        var frame = new byte[SizeOf(m)];
        Write(m, key, frame);
        return frame;
    }

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. False (and nothing consumed) when the buffer
    /// ends before the frame does; throws <see cref="HeartbeatProtocolException"/> for a bad frame.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> key, out HeartbeatMessage? message, out int consumed)
    {
        message = null;
        consumed = 0;
        if (buffer.Length < 8)
        {
            // Refuse garbage as soon as the first bytes show it, not only once a whole header has arrived.
            CheckPrefix(buffer);
            return false;
        }
        CheckPrefix(buffer[..8]);
        if (buffer.Length < HeartbeatLimits.HeaderBytes)
            return false;
        int cluster = buffer[25], sender = buffer[26], payload = BinaryPrimitives.ReadUInt16BigEndian(buffer[27..]);
        if (cluster == 0)
            throw Bad(HeartbeatError.BadLength, "cluster name length is 0");
        if (sender is 0 or > HeartbeatLimits.MaxNodeNameBytes)
            throw Bad(HeartbeatError.BadLength, $"sender name length {sender} is not 1 to {HeartbeatLimits.MaxNodeNameBytes}");
        if (payload > HeartbeatLimits.MaxPayloadBytes)
            throw Bad(HeartbeatError.Oversized, $"payload length {payload} exceeds {HeartbeatLimits.MaxPayloadBytes}");
        int link = buffer[24];
        if (link >= HeartbeatLimits.MaxLinks)
            throw Bad(HeartbeatError.BadLength, $"link index {link} is not 0 to {HeartbeatLimits.MaxLinks - 1}");
        var signed = HeartbeatLimits.HeaderBytes + cluster + sender + payload;
        if (buffer.Length < signed + HeartbeatLimits.MacBytes)
            return false;

        Span<byte> mac = stackalloc byte[HeartbeatLimits.MacBytes];
        HMACSHA256.HashData(key, buffer[..signed], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, buffer.Slice(signed, HeartbeatLimits.MacBytes)))
            throw Bad(HeartbeatError.BadMac, "HMAC does not match: signed with another key, or corrupted");

        var at = HeartbeatLimits.HeaderBytes;
        string clusterName, senderName;
        try { clusterName = StrictUtf8.GetString(buffer.Slice(at, cluster)); }
        catch (DecoderFallbackException) { throw Bad(HeartbeatError.BadName, "cluster name is not UTF-8"); }
        at += cluster;
        senderName = Encoding.ASCII.GetString(buffer.Slice(at, sender));
        if (!IsNodeName(senderName))
            throw Bad(HeartbeatError.BadName, "sender is not a valid node name");
        at += sender;
        message = new HeartbeatMessage(
            (HeartbeatMessageType)buffer[5], clusterName, senderName,
            BinaryPrimitives.ReadUInt64BigEndian(buffer[8..]), BinaryPrimitives.ReadUInt64BigEndian(buffer[16..]),
            link, buffer.Slice(at, payload).ToArray());
        consumed = signed + HeartbeatLimits.MacBytes;
        return true;
    }

    /// <summary>A UDP datagram holds exactly one frame: a short one is truncated, extra bytes are refused.</summary>
    public static HeartbeatMessage ReadDatagram(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key)
    {
        if (datagram.Length > HeartbeatLimits.MaxFrameBytes)
            throw Bad(HeartbeatError.Oversized, $"datagram of {datagram.Length} bytes exceeds the {HeartbeatLimits.MaxFrameBytes}-byte frame limit");
        if (!TryRead(datagram, key, out var message, out var consumed))
            throw Bad(HeartbeatError.Truncated, $"datagram of {datagram.Length} bytes ends inside the frame");
        if (consumed != datagram.Length)
            throw Bad(HeartbeatError.BadLength, $"{datagram.Length - consumed} bytes after the frame");
        return message!;
    }

    static void CheckPrefix(ReadOnlySpan<byte> b)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(magic, HeartbeatLimits.Magic);
        var n = Math.Min(b.Length, 4);
        if (!b[..n].SequenceEqual(magic[..n]))
            throw Bad(HeartbeatError.BadMagic, "not a Tandem heartbeat (bad magic)");
        if (b.Length > 4 && b[4] != HeartbeatLimits.Version)
            throw Bad(HeartbeatError.UnsupportedVersion, $"heartbeat version {b[4]}, this tandem speaks {HeartbeatLimits.Version}; run the same tandem version on both nodes");
        if (b.Length > 5 && !Enum.IsDefined((HeartbeatMessageType)b[5]))
            throw Bad(HeartbeatError.UnknownType, $"unknown message type {b[5]}");
        if (b.Length > 7 && (b[6] != 0 || b[7] != 0))
            throw Bad(HeartbeatError.BadLength, "reserved bytes are not zero");
    }

    /// <summary>The config's node name rule, checked again on the wire.</summary>
    public static bool IsNodeName(string name) =>
        name.Length is > 0 and <= HeartbeatLimits.MaxNodeNameBytes && name[0] is not ('.' or '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    static HeartbeatProtocolException Bad(HeartbeatError e, string message) => new(e, message);
}
