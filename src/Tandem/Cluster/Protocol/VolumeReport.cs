using Tandem.Volume;

namespace Tandem.Cluster.Protocol;

/// <summary>
/// One volume of the sending node as its groups need it (payload version 3): its own disk and connection, and the
/// resync progress while it is a resync target. The peer hands a group back to it only once every volume of the
/// group is Connected and UpToDate here.
/// </summary>
/// <param name="SyncPermille">Resync progress in tenths of a percent (0..1000), or <see cref="NoSync"/>.</param>
public readonly record struct VolumeReport(string Volume, DiskState Disk, ConnectionState Connection, ushort SyncPermille = VolumeReport.NoSync)
{
    public const ushort NoSync = ushort.MaxValue;

    /// <summary>The wire codes of disk and connection states: the index in these tables (independent of the enums' order).</summary>
    internal static readonly DiskState[] DiskCodes =
        [DiskState.Diskless, DiskState.Attaching, DiskState.Failed, DiskState.Inconsistent, DiskState.Outdated, DiskState.DUnknown, DiskState.Consistent, DiskState.UpToDate];

    internal static readonly ConnectionState[] ConnectionCodes =
        [ConnectionState.StandAlone, ConnectionState.Connecting, ConnectionState.WFReportParams, ConnectionState.WFBitMapS, ConnectionState.WFBitMapT,
         ConnectionState.Connected, ConnectionState.SyncSource, ConnectionState.SyncTarget, ConnectionState.VerifyS, ConnectionState.VerifyT];

    /// <summary>Connected (or verifying) with an UpToDate disk: a group may be handed to this node.</summary>
    public bool Ready => Disk == DiskState.UpToDate && Connection is ConnectionState.Connected or ConnectionState.VerifyS or ConnectionState.VerifyT;

    public override string ToString() =>
        $"{Volume} is {Disk}{(Connection == ConnectionState.Connected ? "" : ", " + Connection)}"
        + (SyncPermille == NoSync ? "" : FormattableString.Invariant($", {SyncPermille / 10.0:0.0}% done"));
}
