using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// The data of NBD_OPT_INFO and NBD_OPT_GO (proto.md "Option types"):
/// <code>
/// 32 bits length of name (at most data length - 6), name, 16 bits number of information requests,
/// 16 bits x n information requests
/// </code>
/// </summary>
public sealed record NbdGoRequest(string ExportName, IReadOnlyList<NbdInfoType> InfoRequests)
{
    /// <exception cref="NbdProtocolException">The data is malformed (lengths do not add up, name too long).</exception>
    public static NbdGoRequest Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 6)
        {
            throw new NbdProtocolException($"INFO/GO data of {data.Length} bytes is shorter than 6");
        }

        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (nameLength > (uint)(data.Length - 6))
        {
            throw new NbdProtocolException($"export name length {nameLength} exceeds the option data");
        }

        if (nameLength > NbdLimits.MaxStringLength)
        {
            throw new NbdProtocolException($"export name length {nameLength} exceeds {NbdLimits.MaxStringLength} bytes");
        }

        ReadOnlySpan<byte> nameBytes = data.Slice(4, (int)nameLength);
        if (nameBytes.Contains((byte)0))
        {
            throw new NbdProtocolException("export name contains NUL");
        }

        ReadOnlySpan<byte> rest = data[(4 + (int)nameLength)..];
        int count = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (rest.Length != 2 + (2 * count))
        {
            throw new NbdProtocolException($"{count} information requests do not match {rest.Length - 2} remaining bytes");
        }

        var requests = new NbdInfoType[count];
        for (int i = 0; i < count; i++)
        {
            requests[i] = (NbdInfoType)BinaryPrimitives.ReadUInt16BigEndian(rest[(2 + (2 * i))..]);
        }

        return new NbdGoRequest(Encoding.UTF8.GetString(nameBytes), requests);
    }

    /// <summary>Writes the option data (without the option header).</summary>
    public void WriteData(IBufferWriter<byte> writer)
    {
        int nameLength = Encoding.UTF8.GetByteCount(ExportName);
        if (nameLength > NbdLimits.MaxStringLength)
        {
            throw new ArgumentException($"export name is longer than {NbdLimits.MaxStringLength} bytes");
        }

        int length = 4 + nameLength + 2 + (2 * InfoRequests.Count);
        Span<byte> span = writer.GetSpan(length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)nameLength);
        Encoding.UTF8.GetBytes(ExportName, span[4..]);
        Span<byte> rest = span[(4 + nameLength)..];
        BinaryPrimitives.WriteUInt16BigEndian(rest, (ushort)InfoRequests.Count);
        for (int i = 0; i < InfoRequests.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rest[(2 + (2 * i))..], (ushort)InfoRequests[i]);
        }

        writer.Advance(length);
    }
}
