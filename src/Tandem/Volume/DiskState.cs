namespace Tandem.Volume;

/// <summary>The state of a replica's data, with DRBD's names (drbdsetup "disk" states).</summary>
public enum DiskState
{
    /// <summary>No backing disk attached (the volume is down, or detached after an I/O error).</summary>
    Diskless,
    /// <summary>Reading metadata.</summary>
    Attaching,
    /// <summary>A disk error happened; about to detach.</summary>
    Failed,
    /// <summary>Data is not usable on its own: never synced, or a resync target in progress.</summary>
    Inconsistent,
    /// <summary>Consistent but known to be older than the peer's.</summary>
    Outdated,
    /// <summary>Used for the peer's disk while there is no connection.</summary>
    DUnknown,
    /// <summary>Consistent, but whether it is the newest is not known (no connection).</summary>
    Consistent,
    /// <summary>Consistent and the newest data.</summary>
    UpToDate,
}
