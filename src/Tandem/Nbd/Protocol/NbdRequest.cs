using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// A transmission request (proto.md "Request message"), 28 bytes, followed by <see cref="Length"/>
/// bytes of data for NBD_CMD_WRITE:
/// <code>
/// C: 32 bits 0x25609513, 16 bits command flags, 16 bits type, 64 bits cookie, 64 bits offset, 32 bits length
/// </code>
/// </summary>
public readonly record struct NbdRequest(NbdCommandFlags Flags, NbdCommand Command, ulong Cookie, ulong Offset, uint Length)
{
    public const int Size = 28;

    /// <summary>True when the request carries <see cref="Length"/> bytes of payload after the header.</summary>
    public bool HasPayload => Command == NbdCommand.Write;

    /// <summary>Parses the 28-byte header; false if it is incomplete.</summary>
    /// <exception cref="NbdProtocolException">Bad request magic.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdRequest request)
    {
        request = default;
        if (source.Length < Size)
        {
            return false;
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(source);
        if (magic != NbdMagic.Request)
        {
            throw new NbdProtocolException($"bad request magic 0x{magic:x8}");
        }

        request = new NbdRequest(
            (NbdCommandFlags)BinaryPrimitives.ReadUInt16BigEndian(source[4..]),
            (NbdCommand)BinaryPrimitives.ReadUInt16BigEndian(source[6..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[24..]));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdMagic.Request);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)Command);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], Offset);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], Length);
    }
}
