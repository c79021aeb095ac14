namespace Tandem.Volume;

/// <summary>Everything the state machine decides on. Immutable; transitions make a new one.</summary>
/// <param name="Suspended">Why new application I/O is held (a Primary fencing its peer), or None.</param>
public sealed record VolumeState(
    bool Up,
    Role Role,
    DiskState Disk,
    ConnectionState Connection,
    Role PeerRole,
    DiskState PeerDisk,
    Suspension Suspended = Suspension.None)
{
    public static VolumeState Down { get; } =
        new(false, Role.Secondary, DiskState.Diskless, ConnectionState.StandAlone, Role.Unknown, DiskState.DUnknown);

    public override string ToString() =>
        Up ? $"{Role}/{PeerRole} {Disk}/{PeerDisk} {Connection}{(Suspended == Suspension.None ? "" : " susp:" + Suspended.ToString().ToLowerInvariant())}" : "down";
}
