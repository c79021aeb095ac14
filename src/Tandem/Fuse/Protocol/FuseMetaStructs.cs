using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>struct fuse_getattr_in (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetAttrIn
{
    public const int Size = 16;
    public uint GetAttrFlags;
    public uint Dummy;
    public ulong Fh;
}

/// <summary>struct fuse_setattr_in (88 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseSetAttrIn
{
    public const int Size = 88;
    public uint Valid;
    public uint Padding;
    public ulong Fh;
    public ulong FileSize;
    public ulong LockOwner;
    public ulong Atime;
    public ulong Mtime;
    public ulong Ctime;
    public uint AtimeNsec;
    public uint MtimeNsec;
    public uint CtimeNsec;
    public uint Mode;
    public uint Unused4;
    public uint Uid;
    public uint Gid;
    public uint Unused5;
}

/// <summary>struct fuse_open_in (8 bytes): OPEN and OPENDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenIn
{
    public const int Size = 8;
    public uint Flags;
    public uint OpenFlags;
}

/// <summary>struct fuse_open_out (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseOpenOut
{
    public const int Size = 16;
    public ulong Fh;
    public uint OpenFlags;
    public int BackingId;
}

/// <summary>struct fuse_access_in (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseAccessIn
{
    public const int Size = 8;
    public uint Mask;
    public uint Padding;
}

/// <summary>struct fuse_interrupt_in (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseInterruptIn
{
    public const int Size = 8;
    public ulong Unique;
}

/// <summary>struct fuse_forget_in (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseForgetIn
{
    public const int Size = 8;
    public ulong NLookup;
}

/// <summary>struct fuse_batch_forget_in (8 bytes), followed by Count fuse_forget_one (16 bytes each).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseBatchForgetIn
{
    public const int Size = 8;
    public const int OneSize = 16;
    public uint Count;
    public uint Dummy;
}

/// <summary>struct fuse_getxattr_in (8 bytes): GETXATTR and LISTXATTR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseGetXattrIn
{
    public const int Size = 8;
    public uint XattrSize;
    public uint Padding;
}
