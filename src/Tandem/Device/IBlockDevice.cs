namespace Tandem.Device;

/// <summary>
/// A kernel block device that presents a volume while it is Primary. Disposing it removes the device, or throws
/// <see cref="DeviceBusyException"/> and changes nothing while it is mounted or open.
/// </summary>
public interface IBlockDevice : IAsyncDisposable
{
    /// <summary>The kernel's node, e.g. /dev/loop3 or /dev/nbd0.</summary>
    string NodePath { get; }

    /// <summary>How it is served, for status and logs: "loop over FUSE" or "kernel nbd".</summary>
    string Backend { get; }

    /// <summary>
    /// The process that connected the device to the volume's NBD export (its connection is the device's own, not a
    /// foreign client); null for a device that does not go through the export.
    /// </summary>
    int? ClientProcessId { get; }
}
