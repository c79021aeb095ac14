using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// A client option (proto.md "Newstyle negotiation"):
/// <code>
/// C: 64 bits IHAVEOPT, 32 bits option, 32 bits length of option data, data
/// </code>
/// </summary>
public readonly record struct NbdOptionHeader(NbdOption Option, uint Length)
{
    public const int Size = 16;

    /// <summary>Parses the 16-byte header; false if it is incomplete.</summary>
    /// <exception cref="NbdProtocolException">Bad magic, or a data length above <paramref name="maxLength"/>.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdOptionHeader header, int maxLength = NbdLimits.MaxOptionLength)
    {
        header = default;
        if (source.Length < Size)
        {
            return false;
        }

        ulong magic = BinaryPrimitives.ReadUInt64BigEndian(source);
        if (magic != NbdMagic.IHaveOpt)
        {
            throw new NbdProtocolException($"bad option magic 0x{magic:x16}");
        }

        var option = (NbdOption)BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(source[12..]);
        if (length > (uint)maxLength)
        {
            throw new NbdProtocolException($"option {option} data length {length} exceeds the limit of {maxLength} bytes");
        }

        header = new NbdOptionHeader(option, length);
        return true;
    }

    /// <summary>Parses a complete option (header and data); false if any of it is missing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdOptionHeader header, out ReadOnlySpan<byte> data, int maxLength = NbdLimits.MaxOptionLength)
    {
        data = default;
        if (!TryRead(source, out header, maxLength) || source.Length - Size < header.Length)
        {
            return false;
        }

        data = source.Slice(Size, (int)header.Length);
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NbdMagic.IHaveOpt);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Option);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Length);
    }

    /// <summary>Writes a whole option: header followed by <paramref name="data"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, NbdOption option, ReadOnlySpan<byte> data)
    {
        Span<byte> span = writer.GetSpan(Size + data.Length);
        new NbdOptionHeader(option, (uint)data.Length).Write(span);
        data.CopyTo(span[Size..]);
        writer.Advance(Size + data.Length);
    }
}
