using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// The header of a fixed-newstyle option reply (proto.md "Fixed newstyle negotiation"):
/// <code>
/// S: 64 bits 0x3e889045565a9, 32 bits option, 32 bits reply type, 32 bits length, data
/// </code>
/// </summary>
public readonly record struct NbdOptionReplyHeader(NbdOption Option, NbdOptionReplyType Type, uint Length)
{
    public const int Size = 20;

    /// <summary>Parses the 20-byte header; false if it is incomplete.</summary>
    /// <exception cref="NbdProtocolException">Bad magic, or a length above <paramref name="maxLength"/>.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdOptionReplyHeader header, int maxLength = NbdLimits.MaxOptionReplyLength)
    {
        header = default;
        if (source.Length < Size)
        {
            return false;
        }

        ulong magic = BinaryPrimitives.ReadUInt64BigEndian(source);
        if (magic != NbdMagic.OptionReply)
        {
            throw new NbdProtocolException($"bad option reply magic 0x{magic:x16}");
        }

        var option = (NbdOption)BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        var type = (NbdOptionReplyType)BinaryPrimitives.ReadUInt32BigEndian(source[12..]);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(source[16..]);
        if (length > (uint)maxLength)
        {
            throw new NbdProtocolException($"reply to option {option} has length {length}, above the limit of {maxLength} bytes");
        }

        header = new NbdOptionReplyHeader(option, type, length);
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NbdMagic.OptionReply);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Option);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], (uint)Type);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], Length);
    }
}
