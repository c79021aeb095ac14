namespace Tandem.Volume;

/// <summary>Everything the state machine decides on. Immutable; transitions make a new one.</summary>
public sealed record VolumeState(
    bool Up,
    Role Role,
    DiskState Disk,
    ConnectionState Connection,
    Role PeerRole,
    DiskState PeerDisk)
{
    public static VolumeState Down { get; } =
        new(false, Role.Secondary, DiskState.Diskless, ConnectionState.StandAlone, Role.Unknown, DiskState.DUnknown);

    public override string ToString() =>
        Up ? $"{Role}/{PeerRole} {Disk}/{PeerDisk} {Connection}" : "down";
}
