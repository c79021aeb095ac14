using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>
/// One request read from /dev/fuse: fuse_in_header, the opcode's body, then optional extensions
/// (total_extlen * 8 bytes, 7.38). A read(2) on /dev/fuse returns exactly one whole request, so
/// there is no partial-frame case: a length that disagrees with the bytes read is a bad frame.
/// </summary>
public readonly ref struct FuseRequest
{
    /// <summary>Longest NUL-terminated name accepted in a body (NAME_MAX).</summary>
    public const int MaxNameLength = 255;

    public FuseInHeader Header { get; }

    /// <summary>The opcode's arguments, without the header and extensions.</summary>
    public ReadOnlySpan<byte> Body { get; }

    public FuseOpcode Opcode => (FuseOpcode)Header.Opcode;
    public ulong Unique => Header.Unique;
    public ulong NodeId => Header.NodeId;

    FuseRequest(FuseInHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        Body = body;
    }

    /// <summary>Parses a whole message (the bytes one read(2) returned).</summary>
    /// <exception cref="FuseProtocolException">Shorter than a header, or len/total_extlen disagree with the bytes read.</exception>
    public static FuseRequest Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < FuseInHeader.Size)
            throw new FuseProtocolException($"request of {message.Length} bytes is shorter than fuse_in_header ({FuseInHeader.Size})");
        var header = MemoryMarshal.Read<FuseInHeader>(message);
        if (header.Len < FuseInHeader.Size)
            throw new FuseProtocolException($"fuse_in_header.len {header.Len} is smaller than the header");
        if (header.Len != (uint)message.Length)
            throw new FuseProtocolException($"fuse_in_header.len {header.Len} but {message.Length} bytes were read");
        int extensions = header.TotalExtLen * 8;
        int bodyLength = (int)header.Len - FuseInHeader.Size - extensions;
        if (bodyLength < 0)
            throw new FuseProtocolException($"total_extlen {header.TotalExtLen} exceeds the request length {header.Len}");
        return new FuseRequest(header, message.Slice(FuseInHeader.Size, bodyLength));
    }

    /// <summary>Reads the body's leading struct; throws when the body is too short.</summary>
    public T Read<T>() where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (Body.Length < size)
            throw new FuseProtocolException($"{Opcode} body of {Body.Length} bytes is shorter than {typeof(T).Name} ({size})");
        return MemoryMarshal.Read<T>(Body);
    }

    /// <summary>Reads a struct whose tail may be absent (older protocol minors): missing bytes read as zero.</summary>
    public T ReadPrefix<T>(int minimum) where T : unmanaged
    {
        if (Body.Length < minimum)
            throw new FuseProtocolException($"{Opcode} body of {Body.Length} bytes is shorter than {minimum}");
        Span<byte> copy = stackalloc byte[Unsafe.SizeOf<T>()];
        copy.Clear();
        Body[..Math.Min(Body.Length, copy.Length)].CopyTo(copy);
        return MemoryMarshal.Read<T>(copy);
    }

    /// <summary>The bytes after a leading struct of <paramref name="structSize"/> bytes (WRITE data, names).</summary>
    public ReadOnlySpan<byte> After(int structSize)
    {
        if (Body.Length < structSize)
            throw new FuseProtocolException($"{Opcode} body of {Body.Length} bytes is shorter than {structSize}");
        return Body[structSize..];
    }

    /// <summary>A NUL-terminated name starting at <paramref name="offset"/> in the body, without the NUL.</summary>
    public ReadOnlySpan<byte> Name(int offset = 0)
    {
        var rest = After(offset);
        int nul = rest.IndexOf((byte)0);
        if (nul < 0)
            throw new FuseProtocolException($"{Opcode} name is not NUL-terminated");
        if (nul > MaxNameLength)
            throw new FuseProtocolException($"{Opcode} name of {nul} bytes is longer than {MaxNameLength}");
        return rest[..nul];
    }
}
