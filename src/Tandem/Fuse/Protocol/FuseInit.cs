using System.Runtime.InteropServices;

namespace Tandem.Fuse.Protocol;

/// <summary>
/// struct fuse_init_in. 16 bytes before 7.36; 64 bytes (flags2 and reserved words) when the
/// kernel sets FUSE_INIT_EXT. Parse with <see cref="FuseRequest.ReadPrefix{T}"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public struct FuseInitIn
{
    public const int Size = 64;
    public const int CompatSize = 16;
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public uint Flags2;

    public readonly FuseInitFlags AllFlags =>
        (FuseInitFlags)((ulong)Flags | ((Flags & (uint)FuseInitFlags.InitExt) != 0 ? (ulong)Flags2 << 32 : 0));
}

/// <summary>struct fuse_init_out (64 bytes since 7.23).</summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public struct FuseInitOut
{
    public const int Size = 64;
    public uint Major;
    public uint Minor;
    public uint MaxReadahead;
    public uint Flags;
    public ushort MaxBackground;
    public ushort CongestionThreshold;
    public uint MaxWrite;
    public uint TimeGran;
    public ushort MaxPages;
    public ushort MapAlignment;
    public uint Flags2;
    public uint MaxStackDepth;
    // unused[6] follow, zero.
}
