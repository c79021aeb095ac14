using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Device;
using Tandem.Fuse;
using Tandem.Nbd;

namespace Tandem.Bench;

/// <summary>
/// A block device that is an NBD client of an export, the same for every server the NBD benchmark compares: the
/// kernel's nbd driver where it is loaded, else a FUSE file served by Tandem's NBD client with a loop device on top.
/// (The daemon's own /dev/tandem/NAME does not use it: where there is no nbd driver it serves the volume without a
/// connection, which would not be a comparison of NBD servers.)
/// </summary>
sealed class ExportDevice : IAsyncDisposable
{
    readonly IBlockDevice? _kernel;
    readonly NbdClient? _client;
    readonly FuseLoopDevice? _loop;

    ExportDevice(IBlockDevice kernel) => _kernel = kernel;

    ExportDevice(NbdClient client, FuseLoopDevice loop)
    {
        _client = client;
        _loop = loop;
    }

    public string NodePath => _kernel?.NodePath ?? _loop!.LoopPath;

    /// <summary>Connects to <paramref name="export"/> at <paramref name="socket"/>; a FUSE mount goes in <paramref name="mountDir"/>.</summary>
    public static async Task<ExportDevice> AttachAsync(string export, string socket, string mountDir)
    {
        if (KernelNbd.Unavailable() is null)
            return new ExportDevice(await KernelNbdDevice.AttachAsync(export, socket, CancellationToken.None));
        var client = await NbdClient.ConnectUnixAsync(socket, export, NullLogger.Instance, CancellationToken.None);
        try
        {
            return new ExportDevice(client, await FuseLoopDevice.AttachAsync(client, export, mountDir, NullLoggerFactory.Instance, CancellationToken.None));
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_kernel is not null)
            await _kernel.DisposeAsync();
        if (_loop is not null)
            await _loop.DisposeAsync();
        if (_client is not null)
            await _client.DisposeAsync();
    }
}
