using Microsoft.Extensions.Logging;
using Tandem.Storage;

namespace Tandem.Fuse;

/// <summary>
/// A volume as a block device where the kernel has no nbd: a FUSE file served from an
/// <see cref="IBlockTarget"/>, under a loop device. The loop device's flush becomes an fsync of the
/// file, which reaches the target's FlushAsync before it completes.
/// </summary>
public sealed class FuseLoopDevice : IAsyncDisposable
{
    readonly ILogger _logger;
    int _detached;

    FuseLoopDevice(FuseBlockFile file, LoopDevice loop, ILogger logger)
    {
        File = file;
        Loop = loop;
        _logger = logger;
    }

    /// <summary>The block device, e.g. /dev/loop3.</summary>
    public string LoopPath => Loop.Path;

    public FuseBlockFile File { get; }

    public LoopDevice Loop { get; }

    public static Task<FuseLoopDevice> AttachAsync(IBlockTarget target, string name, string mountDir,
        ILoggerFactory loggerFactory, CancellationToken ct) =>
        AttachAsync(target, name, mountDir, loggerFactory, FuseLoopOptions.Default, ct);

    /// <summary>
    /// Cleans what a killed process left at <paramref name="mountDir"/>, mounts the FUSE file
    /// <paramref name="name"/> there and attaches a loop device to it.
    /// </summary>
    public static async Task<FuseLoopDevice> AttachAsync(IBlockTarget target, string name, string mountDir,
        ILoggerFactory loggerFactory, FuseLoopOptions options, CancellationToken ct)
    {
        var logger = loggerFactory.CreateLogger("Tandem.Fuse");
        await CleanStaleAsync(mountDir, logger, ct).ConfigureAwait(false);
        var file = await FuseBlockFile.MountAsync(target, mountDir, options.FileOptions(name), loggerFactory, ct).ConfigureAwait(false);
        try
        {
            var loop = await LoopDevice.AttachAsync(file.FilePath, options.LoopDirectIo, options.SectorSize, logger, ct).ConfigureAwait(false);
            return new FuseLoopDevice(file, loop, logger);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Detaches the loop device, then unmounts the FUSE file. While the loop device is mounted or held
    /// open this throws <see cref="LoopDeviceBusyException"/> and changes nothing, so it can be retried.
    /// </summary>
    public async Task DetachAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _detached) != 0)
            return;
        await Loop.DetachAsync(ct).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _detached, 1) != 0)
            return;
        await File.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="DetachAsync"/>: throws <see cref="LoopDeviceBusyException"/> while the device is in use.</summary>
    public async ValueTask DisposeAsync() => await DetachAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Removes what a killed Tandem process left at <paramref name="mountDir"/>: loop devices over files
    /// in it (a busy one is detached lazily by the kernel when its last user goes), then the stale mount
    /// ("Transport endpoint is not connected").
    /// </summary>
    public static async Task CleanStaleAsync(string mountDir, ILogger logger, CancellationToken ct)
    {
        var entry = FuseMount.Find(mountDir);
        if (entry is null || entry.FsType != FuseMount.FsType)
            return;
        if (Native.FuseLibc.Probe(mountDir) == 0)
            return; // live: FuseBlockFile.MountAsync reports it
        foreach (var loop in LoopDevice.FindBackedBy(mountDir, logger))
        {
            var r = await ToolRunner.RunAsync("losetup", ["-d", loop.Path], TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            if (r.ExitCode == 0)
                FuseLog.StaleLoopDetached(logger, loop.Path, loop.BackingFile);
            else
                FuseLog.LoopBusy(logger, loop.Path);
        }
        FuseMount.RemoveStale(mountDir, logger);
    }
}
