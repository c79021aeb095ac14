namespace Tandem.Volume;

/// <summary>Inputs to <see cref="VolumeStateMachine"/>.</summary>
public abstract record VolumeInput
{
    /// <summary>Backing disk and metadata opened; <paramref name="Consistent"/> from the metadata flags.</summary>
    /// <param name="PeerOutdated">The metadata says the peer was marked Outdated (fencing): a consistent disk that was
    /// UpToDate is still the newest data (DRBD's MDF_PEER_OUT_DATED on attach).</param>
    public sealed record Attached(bool Consistent, bool WasUpToDate, bool HasPeer = false, bool PeerOutdated = false) : VolumeInput;

    public sealed record Detach : VolumeInput;

    /// <summary>Become Primary; <paramref name="Force"/> overrides "data is not UpToDate".</summary>
    public sealed record Promote(bool Force) : VolumeInput;

    /// <summary><paramref name="Holder"/> names what keeps the device open, or null when nothing does.</summary>
    public sealed record Demote(string? Holder) : VolumeInput;

    /// <summary>The backing disk returned an I/O error.</summary>
    public sealed record DiskFailed : VolumeInput;

    /// <summary>The local disk's state changed through replication (sync start/end, detach after an error).</summary>
    public sealed record DiskChanged(DiskState Disk) : VolumeInput;

    /// <summary>The replication connection moved on (connecting, connected, syncing, verifying, lost).</summary>
    public sealed record ConnectionChanged(ConnectionState Connection) : VolumeInput;

    /// <summary>New application I/O is held (<paramref name="Why"/> not None) or released.</summary>
    public sealed record Suspend(Suspension Why) : VolumeInput;

    /// <summary>The peer reported its role and disk state (or, with Unknown/DUnknown, was lost).</summary>
    public sealed record PeerChanged(Role Role, DiskState Disk) : VolumeInput;
}
