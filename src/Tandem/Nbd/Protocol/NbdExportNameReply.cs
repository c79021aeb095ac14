using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// The server's answer to NBD_OPT_EXPORT_NAME (proto.md "Newstyle negotiation"):
/// <code>
/// S: 64 bits export size, 16 bits transmission flags, 124 bytes zeroes (unless NBD_FLAG_C_NO_ZEROES)
/// </code>
/// </summary>
public static class NbdExportNameReply
{
    public const int ShortSize = 10;
    public const int FullSize = ShortSize + 124;

    public static int SizeFor(bool noZeroes) => noZeroes ? ShortSize : FullSize;

    /// <summary>Writes the reply; returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, ulong exportSize, NbdTransmissionFlags flags, bool noZeroes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, exportSize);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)flags);
        if (noZeroes)
        {
            return ShortSize;
        }

        destination.Slice(ShortSize, 124).Clear();
        return FullSize;
    }

    /// <summary>Parses the reply; false if it is incomplete. The trailing zeroes are skipped, not checked.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, bool noZeroes, out ulong exportSize, out NbdTransmissionFlags flags)
    {
        exportSize = 0;
        flags = NbdTransmissionFlags.None;
        if (source.Length < SizeFor(noZeroes))
        {
            return false;
        }

        exportSize = BinaryPrimitives.ReadUInt64BigEndian(source);
        flags = (NbdTransmissionFlags)BinaryPrimitives.ReadUInt16BigEndian(source[8..]);
        return true;
    }
}
