using System.Buffers.Binary;

namespace Tandem.Replication.Protocol;

/// <summary>Big-endian cursor writing the fixed part of a payload into a span sized beforehand.</summary>
internal ref struct FrameWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    public readonly int Position => _position;

    public void U8(byte value) => Take(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void U64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void I32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    public void I64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    public void Zero(int count) => Take(count).Clear();

    /// <summary>A u8 length then the UTF-8 bytes (the caller checked the length).</summary>
    public void Name(string value)
    {
        int length = FrameReader.Strict.GetByteCount(value);
        U8((byte)length);
        FrameReader.Strict.GetBytes(value, Take(length));
    }

    private Span<byte> Take(int count)
    {
        Span<byte> slice = _destination.Slice(_position, count);
        _position += count;
        return slice;
    }
}
