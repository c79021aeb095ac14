using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>struct fuse_attr (88 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAttr
{
    public const int Size = 88;
    public ulong Ino;
    public ulong FileSize;
    public ulong Blocks;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Nlink;
    public uint Uid;
    public uint Gid;
    public uint Rdev;
    public uint BlkSize;
    public uint Flags;
}

/// <summary>struct fuse_attr_out (104 bytes): reply to GETATTR and SETATTR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAttrOut
{
    public const int Size = 104;
    public ulong AttrValid;
    public uint AttrValidNsec;
    public uint Dummy;
    public FuseAttr Attr;
}

/// <summary>struct fuse_entry_out (128 bytes): reply to LOOKUP.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseEntryOut
{
    public const int Size = 128;
    public ulong NodeId;
    public ulong Generation;
    public ulong EntryValid;
    public ulong AttrValid;
    public uint EntryValidNsec;
    public uint AttrValidNsec;
    public FuseAttr Attr;
}

/// <summary>struct fuse_kstatfs inside fuse_statfs_out (80 bytes): reply to STATFS.</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public struct FuseStatfsOut
{
    public const int Size = 80;
    public ulong Blocks;
    public ulong Bfree;
    public ulong Bavail;
    public ulong Files;
    public ulong Ffree;
    public uint Bsize;
    public uint NameLen;
    public uint Frsize;
    // padding and spare[6] follow, zero.
}
