namespace Tandem.Volume;

/// <summary>Inputs to <see cref="VolumeStateMachine"/>.</summary>
public abstract record VolumeInput
{
    /// <summary>Backing disk and metadata opened; <paramref name="Consistent"/> from the metadata flags.</summary>
    public sealed record Attached(bool Consistent, bool WasUpToDate, bool HasPeer = false) : VolumeInput;

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

    /// <summary>The peer reported its role and disk state (or, with Unknown/DUnknown, was lost).</summary>
    public sealed record PeerChanged(Role Role, DiskState Disk) : VolumeInput;
}
