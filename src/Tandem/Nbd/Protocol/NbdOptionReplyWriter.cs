using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tandem.Nbd.Protocol;

/// <summary>Writes option replies (proto.md "Option reply types") to a buffer writer.</summary>
public static class NbdOptionReplyWriter
{
    /// <summary>NBD_REP_ACK: no data.</summary>
    public static void WriteAck(IBufferWriter<byte> writer, NbdOption option) =>
        WriteHeader(writer, option, NbdOptionReplyType.Ack, 0);

    /// <summary>NBD_REP_SERVER: 32-bit name length, name, then an optional human-readable description.</summary>
    public static void WriteServer(IBufferWriter<byte> writer, NbdOption option, string name, string? description = null)
    {
        int nameLength = StringLength(name);
        int descriptionLength = StringLength(description ?? "");
        WriteHeader(writer, option, NbdOptionReplyType.Server, (uint)(4 + nameLength + descriptionLength));
        Span<byte> span = writer.GetSpan(4 + nameLength + descriptionLength);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)nameLength);
        Encoding.UTF8.GetBytes(name, span[4..]);
        Encoding.UTF8.GetBytes(description ?? "", span[(4 + nameLength)..]);
        writer.Advance(4 + nameLength + descriptionLength);
    }

    /// <summary>NBD_REP_INFO with NBD_INFO_EXPORT: 16 bits type, 64 bits size, 16 bits transmission flags (length 12).</summary>
    public static void WriteInfoExport(IBufferWriter<byte> writer, NbdOption option, ulong size, NbdTransmissionFlags flags)
    {
        WriteHeader(writer, option, NbdOptionReplyType.Info, 12);
        Span<byte> span = writer.GetSpan(12);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)NbdInfoType.Export);
        BinaryPrimitives.WriteUInt64BigEndian(span[2..], size);
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)flags);
        writer.Advance(12);
    }

    /// <summary>NBD_REP_INFO with NBD_INFO_NAME: 16 bits type, then the canonical export name.</summary>
    public static void WriteInfoName(IBufferWriter<byte> writer, NbdOption option, string name) =>
        WriteInfoString(writer, option, NbdInfoType.Name, name);

    /// <summary>NBD_REP_INFO with NBD_INFO_DESCRIPTION: 16 bits type, then the description.</summary>
    public static void WriteInfoDescription(IBufferWriter<byte> writer, NbdOption option, string description) =>
        WriteInfoString(writer, option, NbdInfoType.Description, description);

    /// <summary>NBD_REP_INFO with NBD_INFO_BLOCK_SIZE: 16 bits type, 32 bits minimum, preferred, maximum (length 14).</summary>
    public static void WriteInfoBlockSize(IBufferWriter<byte> writer, NbdOption option, uint minimum, uint preferred, uint maximum)
    {
        WriteHeader(writer, option, NbdOptionReplyType.Info, 14);
        Span<byte> span = writer.GetSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)NbdInfoType.BlockSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[2..], minimum);
        BinaryPrimitives.WriteUInt32BigEndian(span[6..], preferred);
        BinaryPrimitives.WriteUInt32BigEndian(span[10..], maximum);
        writer.Advance(14);
    }

    /// <summary>An error reply (bit 31 set) with an optional message for a human.</summary>
    public static void WriteError(IBufferWriter<byte> writer, NbdOption option, NbdOptionReplyType error, string? message = null)
    {
        if (!error.IsError())
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "not an error reply type");
        }

        int length = StringLength(message ?? "");
        WriteHeader(writer, option, error, (uint)length);
        if (length > 0)
        {
            Encoding.UTF8.GetBytes(message!, writer.GetSpan(length));
            writer.Advance(length);
        }
    }

    private static void WriteInfoString(IBufferWriter<byte> writer, NbdOption option, NbdInfoType type, string text)
    {
        int length = StringLength(text);
        WriteHeader(writer, option, NbdOptionReplyType.Info, (uint)(2 + length));
        Span<byte> span = writer.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)type);
        Encoding.UTF8.GetBytes(text, span[2..]);
        writer.Advance(2 + length);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, NbdOption option, NbdOptionReplyType type, uint length)
    {
        new NbdOptionReplyHeader(option, type, length).Write(writer.GetSpan(NbdOptionReplyHeader.Size));
        writer.Advance(NbdOptionReplyHeader.Size);
    }

    private static int StringLength(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        if (length > NbdLimits.MaxStringLength)
        {
            throw new ArgumentException($"NBD strings are limited to {NbdLimits.MaxStringLength} bytes", nameof(text));
        }

        return length;
    }
}
