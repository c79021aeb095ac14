using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Fuse;
using Tandem.Fuse.Protocol;

namespace Tandem.Tests.Unit.Fuse;

/// <summary>Builds requests the way the kernel lays them out: fuse_in_header, body struct, trailing bytes.</summary>
static class FuseRequestBuilder
{
    public static byte[] Build<T>(FuseOpcode opcode, ulong unique, ulong node, T body, ReadOnlySpan<byte> tail = default) where T : unmanaged
    {
        int bodySize = Unsafe.SizeOf<T>();
        var bytes = new byte[FuseInHeader.Size + bodySize + tail.Length];
        MemoryMarshal.Write(bytes.AsSpan(FuseInHeader.Size), in body);
        tail.CopyTo(bytes.AsSpan(FuseInHeader.Size + bodySize));
        WriteHeader(bytes, opcode, unique, node);
        return bytes;
    }

    public static byte[] Raw(FuseOpcode opcode, ulong unique, ulong node, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[FuseInHeader.Size + body.Length];
        body.CopyTo(bytes.AsSpan(FuseInHeader.Size));
        WriteHeader(bytes, opcode, unique, node);
        return bytes;
    }

    public static byte[] Name(string name) => System.Text.Encoding.UTF8.GetBytes(name + "\0");

    static void WriteHeader(byte[] bytes, FuseOpcode opcode, ulong unique, ulong node)
    {
        var header = new FuseInHeader { Len = (uint)bytes.Length, Opcode = (uint)opcode, Unique = unique, NodeId = node, Pid = 42 };
        MemoryMarshal.Write(bytes, in header);
    }

    /// <summary>Copies a request into a buffer as read(2) would.</summary>
    public static int Load(FuseBuffer buffer, byte[] request)
    {
        request.CopyTo(buffer.Request);
        return request.Length;
    }
}

/// <summary>A parsed reply: header plus payload bytes.</summary>
readonly record struct ParsedReply(FuseOutHeader Header, byte[] Payload)
{
    public static ParsedReply From(FuseBuffer buffer, FuseReply reply)
    {
        var bytes = buffer.ReplyBytes(reply).ToArray();
        var header = MemoryMarshal.Read<FuseOutHeader>(bytes);
        Assert.Equal((uint)bytes.Length, header.Len);
        return new ParsedReply(header, bytes[FuseOutHeader.Size..]);
    }

    public T Body<T>() where T : unmanaged
    {
        Assert.True(Payload.Length >= Unsafe.SizeOf<T>(), $"payload {Payload.Length} < {typeof(T).Name}");
        return MemoryMarshal.Read<T>(Payload);
    }
}
