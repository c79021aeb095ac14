using System.Buffers.Binary;
using System.Text;

namespace Tandem.Replication.Protocol;

/// <summary>Big-endian cursor over one frame's payload; every read is bounds-checked and a short payload is a protocol error.</summary>
internal ref struct FrameReader(ReadOnlySpan<byte> payload, ReplicationPacketType type)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly int Position => _position;

    public readonly int Remaining => _payload.Length - _position;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    /// <summary>A signed 32-bit length that must lie in 0..<paramref name="max"/>.</summary>
    public int Length(string field, int max = int.MaxValue)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(Take(4));
        return value >= 0 && value <= max ? value : throw Bad($"{field} {value} is out of range 0..{max}");
    }

    /// <summary>A signed 64-bit offset, size or count that must not be negative.</summary>
    public long NonNegative(string field)
    {
        long value = BinaryPrimitives.ReadInt64BigEndian(Take(8));
        return value >= 0 ? value : throw Bad($"{field} {value} is negative");
    }

    /// <summary>A u8-length-prefixed UTF-8 string of at most <paramref name="max"/> bytes.</summary>
    public string Name(string field, int max)
    {
        int length = U8();
        if (length > max)
        {
            throw Bad($"{field} of {length} bytes exceeds {max}");
        }

        try
        {
            return Strict.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw Bad($"{field} is not valid UTF-8");
        }
    }

    public ReadOnlySpan<byte> Bytes(int length) => Take(length);

    /// <summary>Reserved bytes must be zero so that they can be given a meaning later.</summary>
    public void Reserved(int count)
    {
        if (Take(count).ContainsAnyExcept((byte)0))
        {
            throw Bad("reserved bytes are not zero");
        }
    }

    /// <summary>The payload must be consumed exactly.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Bad($"{Remaining} unexpected bytes after the packet");
        }
    }

    public readonly ReplicationProtocolException Bad(string message) => new($"{type}: {message}");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Bad($"payload of {_payload.Length} bytes is too short");
        }

        ReadOnlySpan<byte> slice = _payload.Slice(_position, count);
        _position += count;
        return slice;
    }

    internal static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
