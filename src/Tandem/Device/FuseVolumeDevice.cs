using Microsoft.Extensions.Logging;
using Tandem.Fuse;
using Tandem.Storage;

namespace Tandem.Device;

/// <summary>
/// Makes a kernel block device out of a volume where the kernel has no nbd driver (as on this project's build
/// machines): a FUSE file that serves the volume in the daemon itself, and a loop device on top. It takes the
/// same requests to the volume as an NBD client of the export would, without the connection in between (every
/// byte copied twice more and two more thread wake-ups per request, which cost the single node 4× the CPU per
/// 4 KiB write and half its sequential speed).
/// </summary>
public sealed class FuseVolumeDevice : IBlockDevice
{
    readonly FuseLoopDevice _loop;

    FuseVolumeDevice(FuseLoopDevice loop) => _loop = loop;

    public string NodePath => _loop.LoopPath;
    public string Backend => "loop over FUSE, served by the daemon";
    public int? ClientProcessId => null;

    /// <summary>The FUSE mount point used for a volume whose NBD socket is <paramref name="nbdSocket"/>: next to it, one per node.</summary>
    public static string MountDirFor(string nbdSocket, string volume) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nbdSocket))!, volume + ".fuse");

    /// <summary>The device for <paramref name="target"/>; its FUSE mount goes next to the volume's NBD socket.</summary>
    public static async Task<IBlockDevice> AttachAsync(string volume, string nbdSocket, IBlockTarget target, ILoggerFactory logs, CancellationToken ct) =>
        // AttachAsync first removes a stale mount a killed daemon left there, then creates the directory.
        new FuseVolumeDevice(await FuseLoopDevice.AttachAsync(target, volume, MountDirFor(nbdSocket, volume), logs, ct));

    /// <summary>Throws <see cref="DeviceBusyException"/> (and keeps everything) while the device is in use.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _loop.DisposeAsync();
        }
        catch (LoopDeviceBusyException e)
        {
            throw new DeviceBusyException(e.LoopPath, $"an opener of {e.LoopPath} that the kernel reports as busy");
        }
    }
}
