using System.Buffers;
using System.Buffers.Binary;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Protocol;

/// <summary>Hand-made frames for hostile-input tests: any type, flags and payload, with a valid header checksum.</summary>
internal static class FrameBuilder
{
    public static byte[] Frame(ReplicationPacketType type, ushort flags, byte[] payload, int? declaredLength = null)
    {
        var frame = new byte[ReplicationFrameHeader.Size + payload.Length];
        new ReplicationFrameHeader(type, flags, declaredLength ?? payload.Length).Write(frame);
        payload.CopyTo(frame, ReplicationFrameHeader.Size);
        return frame;
    }

    public static byte[] Encode(ReplicationPacket packet)
    {
        var writer = new ArrayBufferWriter<byte>();
        ReplicationCodec.Write(writer, packet);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Re-computes the header checksum after a test changed header bytes on purpose.</summary>
    public static void FixChecksum(byte[] frame)
    {
        var header = new ReplicationFrameHeader(
            (ReplicationPacketType)BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(4)),
            BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(6)),
            BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(8)));
        header.Write(frame);
    }

    /// <summary>Big-endian payload bytes from a list of values (byte, ushort, uint, int, ulong, long, byte[]).</summary>
    public static byte[] Payload(params object[] fields)
    {
        var bytes = new List<byte>();
        Span<byte> b = stackalloc byte[8];
        foreach (object f in fields)
        {
            switch (f)
            {
                case byte v: bytes.Add(v); break;
                case ushort v: BinaryPrimitives.WriteUInt16BigEndian(b, v); bytes.AddRange(b[..2].ToArray()); break;
                case uint v: BinaryPrimitives.WriteUInt32BigEndian(b, v); bytes.AddRange(b[..4].ToArray()); break;
                case int v: BinaryPrimitives.WriteInt32BigEndian(b, v); bytes.AddRange(b[..4].ToArray()); break;
                case ulong v: BinaryPrimitives.WriteUInt64BigEndian(b, v); bytes.AddRange(b[..8].ToArray()); break;
                case long v: BinaryPrimitives.WriteInt64BigEndian(b, v); bytes.AddRange(b[..8].ToArray()); break;
                case byte[] v: bytes.AddRange(v); break;
                default: throw new ArgumentException(f.GetType().Name);
            }
        }

        return bytes.ToArray();
    }

    /// <summary>The bytes as a sequence of segments cut at the given positions.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, params int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Prepend(0).Append(bytes.Length).ToArray();
        Segment? first = null, last = null;
        for (int i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
