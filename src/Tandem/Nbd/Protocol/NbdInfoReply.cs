using System.Buffers.Binary;
using System.Text;

namespace Tandem.Nbd.Protocol;

/// <summary>
/// A parsed NBD_REP_INFO payload (proto.md "Option reply types", NBD_REP_INFO): 16 bits information
/// type followed by a type-specific payload. Unknown types parse with only <see cref="Type"/> set.
/// </summary>
public readonly record struct NbdInfoReply(
    NbdInfoType Type,
    ulong ExportSize = 0,
    NbdTransmissionFlags TransmissionFlags = NbdTransmissionFlags.None,
    uint MinimumBlockSize = 0,
    uint PreferredBlockSize = 0,
    uint MaximumPayload = 0,
    string? Text = null)
{
    /// <exception cref="NbdProtocolException">The payload length does not fit its information type.</exception>
    public static NbdInfoReply Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            throw new NbdProtocolException($"NBD_REP_INFO payload of {payload.Length} bytes has no type");
        }

        var type = (NbdInfoType)BinaryPrimitives.ReadUInt16BigEndian(payload);
        switch (type)
        {
            case NbdInfoType.Export:
                RequireLength(type, payload, 12);
                return new NbdInfoReply(type,
                    ExportSize: BinaryPrimitives.ReadUInt64BigEndian(payload[2..]),
                    TransmissionFlags: (NbdTransmissionFlags)BinaryPrimitives.ReadUInt16BigEndian(payload[10..]));
            case NbdInfoType.BlockSize:
                RequireLength(type, payload, 14);
                return new NbdInfoReply(type,
                    MinimumBlockSize: BinaryPrimitives.ReadUInt32BigEndian(payload[2..]),
                    PreferredBlockSize: BinaryPrimitives.ReadUInt32BigEndian(payload[6..]),
                    MaximumPayload: BinaryPrimitives.ReadUInt32BigEndian(payload[10..]));
            case NbdInfoType.Name:
            case NbdInfoType.Description:
                if (payload.Length - 2 > NbdLimits.MaxStringLength)
                {
                    throw new NbdProtocolException($"NBD_INFO {type} string of {payload.Length - 2} bytes is too long");
                }

                return new NbdInfoReply(type, Text: Encoding.UTF8.GetString(payload[2..]));
            default:
                return new NbdInfoReply(type);
        }
    }

    private static void RequireLength(NbdInfoType type, ReadOnlySpan<byte> payload, int length)
    {
        if (payload.Length != length)
        {
            throw new NbdProtocolException($"NBD_INFO {type} has length {payload.Length}, expected {length}");
        }
    }
}
