using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

// Layouts: Linux include/uapi/linux/fuse.h. Host byte order (every Linux target .NET runs on is
// little-endian); every struct is padded to 8 bytes by the kernel, so Sequential layout matches C.

/// <summary>struct fuse_in_header (40 bytes); total_extlen counts 8-byte units of extensions at the end (7.38).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseInHeader
{
    public const int Size = 40;
    public uint Len;
    public uint Opcode;
    public ulong Unique;
    public ulong NodeId;
    public uint Uid;
    public uint Gid;
    public uint Pid;
    public ushort TotalExtLen;
    public ushort Padding;
}

/// <summary>struct fuse_out_header (16 bytes); Error is 0 or a negated errno.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOutHeader
{
    public const int Size = 16;
    public uint Len;
    public int Error;
    public ulong Unique;
}
