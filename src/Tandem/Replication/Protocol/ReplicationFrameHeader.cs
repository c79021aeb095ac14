using System.Buffers.Binary;
using System.Numerics;

namespace Tandem.Replication.Protocol;

/// <summary>
/// The fixed 16-byte header in front of every replication frame. All integers are big-endian.
/// <code>
///  0  u32  magic 0x54445250 ("TDRP")
///  4  u16  packet type (<see cref="ReplicationPacketType"/>)
///  6  u16  flags, meaning per packet type (undefined bits must be zero)
///  8  u32  payload length: bytes after this header, at most <see cref="ReplicationLimits.MaxPayloadLength"/>
/// 12  u32  CRC-32C (Castagnoli) of bytes 0..11
/// </code>
/// The payload layout of each packet type is given next to its reader in ReplicationCodec.Read.cs.
/// </summary>
public readonly record struct ReplicationFrameHeader(ReplicationPacketType Type, ushort Flags, int PayloadLength)
{
    public const int Size = 16;

    public const uint Magic = 0x54445250;

    /// <summary>Parses and checks a header; false if fewer than <see cref="Size"/> bytes are available.</summary>
    /// <param name="maxPayload">The largest payload length accepted (smaller before authentication).</param>
    /// <exception cref="ReplicationProtocolException">Bad magic, bad checksum, unknown type or payload length out of bounds.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out ReplicationFrameHeader header, int maxPayload = ReplicationLimits.MaxPayloadLength)
    {
        header = default;
        if (source.Length < Size)
        {
            return false;
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(source);
        if (magic != Magic)
        {
            throw new ReplicationProtocolException($"bad frame magic 0x{magic:x8}");
        }

        uint crc = BinaryPrimitives.ReadUInt32BigEndian(source[12..]);
        if (crc != Checksum(source))
        {
            throw new ReplicationProtocolException("frame header checksum mismatch");
        }

        var type = (ReplicationPacketType)BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        if (!Enum.IsDefined(type))
        {
            throw new ReplicationProtocolException($"unknown packet type {(ushort)type}");
        }

        uint length = BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        if (length > (uint)maxPayload)
        {
            throw new ReplicationProtocolException($"{type} payload of {length} bytes exceeds the {maxPayload}-byte limit");
        }

        header = new ReplicationFrameHeader(type, BinaryPrimitives.ReadUInt16BigEndian(source[6..]), (int)length);
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)PayloadLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Checksum(destination));
    }

    /// <summary>CRC-32C of the first 12 bytes, processed in byte order.</summary>
    private static uint Checksum(ReadOnlySpan<byte> header)
    {
        uint crc = BitOperations.Crc32C(uint.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(header));
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(header[8..]));
        return ~crc;
    }
}
