namespace Tandem.Fuse.Protocol;

/// <summary>INIT flags (fuse.h "INIT request/reply flags"); bits 32..63 travel in flags2.</summary>
[Flags]
public enum FuseInitFlags : ulong
{
    None = 0,
    AsyncRead = 1UL << 0,
    PosixLocks = 1UL << 1,
    AtomicOTrunc = 1UL << 3,
    ExportSupport = 1UL << 4,
    BigWrites = 1UL << 5,
    DontMask = 1UL << 6,
    SpliceWrite = 1UL << 7,
    SpliceMove = 1UL << 8,
    SpliceRead = 1UL << 9,
    FlockLocks = 1UL << 10,
    HasIoctlDir = 1UL << 11,
    AutoInvalData = 1UL << 12,
    DoReadDirPlus = 1UL << 13,
    ReadDirPlusAuto = 1UL << 14,
    AsyncDio = 1UL << 15,
    WritebackCache = 1UL << 16,
    NoOpenSupport = 1UL << 17,
    ParallelDirOps = 1UL << 18,
    HandleKillPriv = 1UL << 19,
    PosixAcl = 1UL << 20,
    AbortError = 1UL << 21,
    MaxPages = 1UL << 22,
    CacheSymlinks = 1UL << 23,
    NoOpenDirSupport = 1UL << 24,
    ExplicitInvalData = 1UL << 25,
    MapAlignment = 1UL << 26,
    Submounts = 1UL << 27,
    HandleKillPrivV2 = 1UL << 28,
    SetXattrExt = 1UL << 29,
    InitExt = 1UL << 30,
    InitReserved = 1UL << 31,
    SecurityCtx = 1UL << 32,
    HasInodeDax = 1UL << 33,
    CreateSuppGroup = 1UL << 34,
    HasExpireOnly = 1UL << 35,
    DirectIoAllowMmap = 1UL << 36,
    Passthrough = 1UL << 37,
    NoExportSupport = 1UL << 38,
    HasResend = 1UL << 39,
    AllowIdmap = 1UL << 40,
    OverIoUring = 1UL << 41,
}

/// <summary>fuse_open_out.open_flags (fuse.h "Flags returned by the OPEN request").</summary>
[Flags]
public enum FuseOpenOutFlags : uint
{
    None = 0,
    DirectIo = 1 << 0,
    KeepCache = 1 << 1,
    NonSeekable = 1 << 2,
    CacheDir = 1 << 3,
    Stream = 1 << 4,
    NoFlush = 1 << 5,
    ParallelDirectWrites = 1 << 6,
    Passthrough = 1 << 7,
}

/// <summary>fuse_setattr_in.valid bits (fuse.h FATTR_*).</summary>
[Flags]
public enum FuseSetAttrValid : uint
{
    None = 0,
    Mode = 1 << 0,
    Uid = 1 << 1,
    Gid = 1 << 2,
    Size = 1 << 3,
    Atime = 1 << 4,
    Mtime = 1 << 5,
    Fh = 1 << 6,
    AtimeNow = 1 << 7,
    MtimeNow = 1 << 8,
    LockOwner = 1 << 9,
    Ctime = 1 << 10,
    KillSuidGid = 1 << 11,
}

/// <summary>Small flag sets of single requests.</summary>
public static class FuseFlagBits
{
    /// <summary>fuse_fsync_in.fsync_flags: FUSE_FSYNC_FDATASYNC.</summary>
    public const uint FsyncFdatasync = 1;

    /// <summary>fuse_write_in.write_flags: FUSE_WRITE_CACHE (delayed write from the page cache).</summary>
    public const uint WriteCache = 1;

    /// <summary>fallocate(2) modes (linux/falloc.h).</summary>
    public const uint FallocKeepSize = 0x01, FallocPunchHole = 0x02, FallocZeroRange = 0x10;

    /// <summary>open(2) flags as the kernel passes them in fuse_write_in.flags / fuse_open_in.flags (x86-64 and arm64 values).</summary>
    public const uint ODsync = 0x1000, OSync = 0x101000;

    /// <summary>d_type values for fuse_dirent.type.</summary>
    public const uint DtDir = 4, DtReg = 8;

    /// <summary>File type bits of a mode.</summary>
    public const uint SIfDir = 0x4000, SIfReg = 0x8000;
}
