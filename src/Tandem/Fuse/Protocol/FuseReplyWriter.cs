using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>
/// Writes replies: fuse_out_header then the payload, contiguous, so one write(2) sends a reply.
/// Every method returns the reply's total length.
/// </summary>
public static class FuseReplyWriter
{
    /// <summary>An error reply (header only). <paramref name="errno"/> is positive; the wire carries -errno.</summary>
    public static int Error(Span<byte> dest, ulong unique, int errno)
    {
        if (errno <= 0 || errno > 4095)
            throw new ArgumentOutOfRangeException(nameof(errno), errno, "errno must be in 1..4095");
        WriteHeader(dest, unique, FuseOutHeader.Size, -errno);
        return FuseOutHeader.Size;
    }

    /// <summary>A success reply with no payload (FLUSH, FSYNC, RELEASE, ...).</summary>
    public static int Empty(Span<byte> dest, ulong unique) => Header(dest, unique, 0);

    /// <summary>A success reply whose <paramref name="payloadLength"/> bytes are already at dest[16..].</summary>
    public static int Header(Span<byte> dest, ulong unique, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        int total = FuseOutHeader.Size + payloadLength;
        if (dest.Length < total)
            throw new ArgumentException($"reply of {total} bytes does not fit in {dest.Length}", nameof(dest));
        WriteHeader(dest, unique, total, 0);
        return total;
    }

    /// <summary>A success reply carrying one struct.</summary>
    public static int Struct<T>(Span<byte> dest, ulong unique, in T body) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (dest.Length < FuseOutHeader.Size + size)
            throw new ArgumentException($"reply of {FuseOutHeader.Size + size} bytes does not fit in {dest.Length}", nameof(dest));
        MemoryMarshal.Write(dest[FuseOutHeader.Size..], in body);
        return Header(dest, unique, size);
    }

    static void WriteHeader(Span<byte> dest, ulong unique, int total, int error)
    {
        var header = new FuseOutHeader { Len = (uint)total, Error = error, Unique = unique };
        MemoryMarshal.Write(dest, in header);
    }
}
