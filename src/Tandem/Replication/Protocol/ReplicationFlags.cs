namespace Tandem.Replication.Protocol;

/// <summary>Header flag bits; each is defined for one packet type only (bit 0 of that type).</summary>
public static class ReplicationFlags
{
    /// <summary><see cref="Write"/>: <see cref="Write.Fua"/>.</summary>
    public const ushort Fua = 1;

    /// <summary><see cref="BitmapRuns"/>: <see cref="BitmapRuns.Last"/>.</summary>
    public const ushort Last = 1;

    /// <summary><see cref="ReadReply"/>: <see cref="ReadReply.Ok"/>.</summary>
    public const ushort Ok = 1;

    /// <summary><see cref="VerifyReply"/>: <see cref="VerifyReply.InSync"/>.</summary>
    public const ushort InSync = 1;

    /// <summary><see cref="Barrier"/>: <see cref="Barrier.Flush"/>.</summary>
    public const ushort Flush = 1;

    /// <summary><see cref="StateReport"/>: <see cref="StateReport.DiscardMyData"/>.</summary>
    public const ushort DiscardMyData = 1;
}
