namespace Tandem.Volume;

/// <summary>Inputs to <see cref="VolumeStateMachine"/>.</summary>
public abstract record VolumeInput
{
    /// <summary>Backing disk and metadata opened; <paramref name="Consistent"/> from the metadata flags.</summary>
    public sealed record Attached(bool Consistent, bool WasUpToDate) : VolumeInput;

    public sealed record Detach : VolumeInput;

    /// <summary>Become Primary; <paramref name="Force"/> overrides "data is not UpToDate".</summary>
    public sealed record Promote(bool Force) : VolumeInput;

    /// <summary><paramref name="Holder"/> names what keeps the device open, or null when nothing does.</summary>
    public sealed record Demote(string? Holder) : VolumeInput;

    /// <summary>The backing disk returned an I/O error.</summary>
    public sealed record DiskFailed : VolumeInput;
}
