using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// A simple reply (proto.md "Simple reply message"), 16 bytes, followed by the data of a
/// successful NBD_CMD_READ:
/// <code>
/// S: 32 bits 0x67446698, 32 bits error (zero on success), 64 bits cookie
/// </code>
/// </summary>
public readonly record struct NbdSimpleReply(NbdError Error, ulong Cookie)
{
    public const int Size = 16;

    /// <summary>Parses the 16-byte header; false if it is incomplete.</summary>
    /// <exception cref="NbdProtocolException">Bad magic (including a structured reply, which is never negotiated).</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdSimpleReply reply)
    {
        reply = default;
        if (source.Length < Size)
        {
            return false;
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(source);
        if (magic != NbdMagic.SimpleReply)
        {
            throw new NbdProtocolException(magic == NbdMagic.StructuredReply
                ? "structured reply received although structured replies were not negotiated"
                : $"bad reply magic 0x{magic:x8}");
        }

        reply = new NbdSimpleReply(
            (NbdError)BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[8..]));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NbdMagic.SimpleReply);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)Error);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Cookie);
    }
}
