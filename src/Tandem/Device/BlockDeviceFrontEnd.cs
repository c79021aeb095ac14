using Microsoft.Extensions.Logging;
using Tandem.Fuse;
using Tandem.Nbd;

namespace Tandem.Device;

/// <summary>
/// Makes a kernel block device out of a volume's NBD export. The device is an NBD client of the
/// volume, exactly like the kernel's nbd driver would be; where the kernel has no nbd module (as on
/// this project's build machines) the client serves a FUSE file and a loop device sits on top.
/// </summary>
public sealed class BlockDeviceFrontEnd : IBlockDevice
{
    readonly NbdClient _client;
    readonly FuseLoopDevice _loop;

    BlockDeviceFrontEnd(NbdClient client, FuseLoopDevice loop)
    {
        _client = client;
        _loop = loop;
    }

    public string NodePath => _loop.LoopPath;
    public string Backend => "loop over FUSE, NBD client of the volume";
    public int ClientProcessId => Environment.ProcessId;

    /// <summary>The FUSE mount point used for a volume whose NBD socket is <paramref name="nbdSocket"/>: next to it, one per node.</summary>
    public static string MountDirFor(string nbdSocket, string volume) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(nbdSocket))!, volume + ".fuse");

    public static async Task<IBlockDevice> AttachAsync(string volume, string nbdSocket, ILoggerFactory logs, CancellationToken ct)
    {
        var client = await NbdClient.ConnectUnixAsync(nbdSocket, volume, logs.CreateLogger("Tandem.Nbd.Client"), ct);
        try
        {
            // AttachAsync first removes a stale mount a killed daemon left there, then creates the directory.
            return new BlockDeviceFrontEnd(client, await FuseLoopDevice.AttachAsync(client, volume, MountDirFor(nbdSocket, volume), logs, ct));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

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
        await _client.DisposeAsync();
    }
}
