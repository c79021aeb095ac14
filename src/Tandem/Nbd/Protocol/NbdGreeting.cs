using System.Buffers.Binary;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// The newstyle greeting and the client's reply (proto.md "Newstyle negotiation"):
/// <code>
/// S: 64 bits NBDMAGIC, 64 bits IHAVEOPT, 16 bits handshake flags
/// C: 32 bits client flags
/// </code>
/// </summary>
public static class NbdGreeting
{
    public const int Size = 18;
    public const int ClientFlagsSize = 4;

    public static void Write(Span<byte> destination, NbdHandshakeFlags flags)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NbdMagic.InitPassword);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NbdMagic.IHaveOpt);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], (ushort)flags);
    }

    /// <summary>Parses the greeting; false if fewer than <see cref="Size"/> bytes are available.</summary>
    /// <exception cref="NbdProtocolException">Wrong magic, or an oldstyle server.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out NbdHandshakeFlags flags)
    {
        flags = NbdHandshakeFlags.None;
        if (source.Length < 16)
        {
            return false;
        }

        ulong password = BinaryPrimitives.ReadUInt64BigEndian(source);
        if (password != NbdMagic.InitPassword)
        {
            throw new NbdProtocolException($"not an NBD server: greeting magic 0x{password:x16}");
        }

        ulong second = BinaryPrimitives.ReadUInt64BigEndian(source[8..]);
        if (second == NbdMagic.OldstyleCliserv)
        {
            throw new NbdProtocolException("server uses oldstyle negotiation, which is not supported");
        }

        if (second != NbdMagic.IHaveOpt)
        {
            throw new NbdProtocolException($"bad newstyle magic 0x{second:x16}");
        }

        if (source.Length < Size)
        {
            return false;
        }

        flags = (NbdHandshakeFlags)BinaryPrimitives.ReadUInt16BigEndian(source[16..]);
        return true;
    }

    public static void WriteClientFlags(Span<byte> destination, NbdClientFlags flags) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)flags);

    public static bool TryReadClientFlags(ReadOnlySpan<byte> source, out NbdClientFlags flags)
    {
        if (source.Length < ClientFlagsSize)
        {
            flags = NbdClientFlags.None;
            return false;
        }

        flags = (NbdClientFlags)BinaryPrimitives.ReadUInt32BigEndian(source);
        return true;
    }
}
