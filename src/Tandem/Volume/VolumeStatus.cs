namespace Tandem.Volume;

/// <summary>Progress of a resync or verify (CONTRACT.md "sync").</summary>
public sealed record SyncProgress(double DonePercent, long SpeedBytesPerS, long EtaS);

/// <summary>What <c>tandem volume status RES --json</c> prints (field names are snake_case on the wire).</summary>
/// <param name="Suspended">Why new I/O is held ("fencing"), or null.</param>
/// <param name="SuspendedWhy">What a suspended volume waits for, or null.</param>
public sealed record VolumeStatus(
    string Name,
    bool Up,
    Role Role,
    Role PeerRole,
    ConnectionState Connection,
    DiskState Disk,
    DiskState PeerDisk,
    string Protocol,
    long SizeBytes,
    long OutOfSyncBytes,
    SyncProgress? Sync,
    bool SplitBrain,
    string? Device,
    string BackingDisk,
    string MetaDisk,
    string NbdSocket,
    string CurrentUuid,
    string? Suspended = null,
    string? SuspendedWhy = null);
