using Microsoft.Extensions.Logging;

namespace Tandem.Device;

/// <summary>Chooses how a Primary volume becomes a kernel block device: the kernel's nbd driver where it is loaded, else loop over FUSE.</summary>
public static class BlockDevices
{
    /// <summary>The device, and why the kernel nbd driver was not used (null when it was).</summary>
    /// <remarks>The kernel's nbd driver connects to the export at <paramref name="nbdSocket"/>; the FUSE file serves <paramref name="target"/> itself.</remarks>
    public static async Task<(IBlockDevice Device, string? NotKernelNbd)> AttachAsync(string volume, string nbdSocket, Storage.IBlockTarget target,
        ILoggerFactory logs, CancellationToken ct)
    {
        var why = KernelNbd.Unavailable();
        return why is null
            ? (await KernelNbdDevice.AttachAsync(volume, nbdSocket, ct), null)
            : (await FuseVolumeDevice.AttachAsync(volume, nbdSocket, target, logs, ct), why);
    }
}
