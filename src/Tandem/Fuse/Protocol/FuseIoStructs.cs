using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>struct fuse_read_in (40 bytes): READ and READDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseReadIn
{
    public const int Size = 40;
    public ulong Fh;
    public ulong Offset;
    public uint ReadSize;
    public uint ReadFlags;
    public ulong LockOwner;
    public uint Flags;
    public uint Padding;
}

/// <summary>struct fuse_write_in (40 bytes), followed by the data.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseWriteIn
{
    public const int Size = 40;
    public ulong Fh;
    public ulong Offset;
    public uint WriteSize;
    public uint WriteFlags;
    public ulong LockOwner;
    public uint Flags; // open(2) flags of the file plus O_DSYNC/O_SYNC of this write
    public uint Padding;
}

/// <summary>struct fuse_write_out (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseWriteOut
{
    public const int Size = 8;
    public uint WrittenSize;
    public uint Padding;
}

/// <summary>struct fuse_fsync_in (16 bytes): FSYNC and FSYNCDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseFsyncIn
{
    public const int Size = 16;
    public ulong Fh;
    public uint FsyncFlags;
    public uint Padding;
}

/// <summary>struct fuse_flush_in (24 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseFlushIn
{
    public const int Size = 24;
    public ulong Fh;
    public uint Unused;
    public uint Padding;
    public ulong LockOwner;
}

/// <summary>struct fuse_release_in (24 bytes): RELEASE and RELEASEDIR.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseReleaseIn
{
    public const int Size = 24;
    public ulong Fh;
    public uint Flags;
    public uint ReleaseFlags;
    public ulong LockOwner;
}

/// <summary>struct fuse_fallocate_in (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FuseFallocateIn
{
    public const int Size = 32;
    public ulong Fh;
    public ulong Offset;
    public ulong Length;
    public uint Mode;
    public uint Padding;
}
