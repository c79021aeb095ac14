using Tandem.Fuse.Protocol;

namespace Tandem.Fuse;

/// <summary>What to answer to the kernel's INIT (fuse.h "Version negotiation").</summary>
/// <param name="Reply">The fuse_init_out to send when <see cref="Errno"/> is 0.</param>
/// <param name="Outcome">Accepted: the session runs. Retry: only the major was answered, the kernel sends INIT again. Refused: reply Errno.</param>
public readonly record struct FuseInitDecision(FuseInitOut Reply, FuseInitOutcome Outcome, int Errno, string Reason);

public enum FuseInitOutcome { Accepted, Retry, Refused }

/// <summary>Pure INIT negotiation: protocol minor, flags, write and background limits.</summary>
public static class FuseInitNegotiation
{
    public const uint Major = 7;

    /// <summary>Highest minor this implementation speaks (7.38: in-header extensions, FOPEN_PARALLEL_DIRECT_WRITES).</summary>
    public const uint MaxMinor = 38;

    /// <summary>Lowest kernel minor accepted (7.28 brought max_pages; every supported kernel has it).</summary>
    public const uint MinMinor = 28;

    public const int EPROTO = 71;
    const int PageSize = 4096;

    /// <summary>Flags this filesystem asks for; only those the kernel offers are granted. No writeback cache, ever.</summary>
    public const FuseInitFlags Wanted =
        FuseInitFlags.AsyncRead | FuseInitFlags.BigWrites | FuseInitFlags.AsyncDio |
        FuseInitFlags.ParallelDirOps | FuseInitFlags.MaxPages | FuseInitFlags.HandleKillPrivV2;

    public static FuseInitDecision Negotiate(in FuseInitIn kernel, uint maxWrite, ushort maxBackground)
    {
        if (kernel.Major > Major)
            return new(new FuseInitOut { Major = Major, Minor = MaxMinor }, FuseInitOutcome.Retry, 0,
                $"kernel speaks {kernel.Major}.x, answering {Major}.{MaxMinor}");
        if (kernel.Major < Major || kernel.Minor < MinMinor)
            return new(default, FuseInitOutcome.Refused, EPROTO,
                $"protocol {kernel.Major}.{kernel.Minor} is older than {Major}.{MinMinor}");
        if (maxWrite < PageSize || maxWrite % PageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(maxWrite), maxWrite, "max_write must be a multiple of 4096");

        ulong granted = (ulong)(Wanted & kernel.AllFlags);
        var reply = new FuseInitOut
        {
            Major = Major,
            Minor = Math.Min(kernel.Minor, MaxMinor),
            MaxReadahead = kernel.MaxReadahead,
            Flags = (uint)granted,
            Flags2 = 0,
            MaxBackground = maxBackground,
            CongestionThreshold = (ushort)(maxBackground * 3 / 4),
            MaxWrite = maxWrite,
            TimeGran = 1,
            MaxPages = (ushort)(maxWrite / PageSize),
        };
        return new(reply, FuseInitOutcome.Accepted, 0, "accepted");
    }
}
