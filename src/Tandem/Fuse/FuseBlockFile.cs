using Microsoft.Extensions.Logging;
using Tandem.Storage;

namespace Tandem.Fuse;

/// <summary>
/// A mounted FUSE filesystem at <see cref="MountDir"/> holding one file, <see cref="FilePath"/>, whose
/// reads, writes, fsyncs and fallocates go to an <see cref="IBlockTarget"/>. Served by reader threads
/// on /dev/fuse; requests run concurrently. FSYNC and FLUSH reach the target's FlushAsync before the reply.
/// </summary>
public sealed partial class FuseBlockFile : IAsyncDisposable
{
    readonly FuseBlockFileOptions _options;
    readonly ILogger _logger;
    readonly FuseDevice _device;
    readonly FuseBufferPool _pool;
    readonly CancellationTokenSource _stop = new();
    readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<Thread> _readers = new();
    string? _connection;
    ulong? _mountId;
    int _disposed;

    FuseBlockFile(string mountDir, BlockFileSystem fs, FuseBlockFileOptions options, FuseDevice device, ILogger logger)
    {
        MountDir = mountDir;
        FilePath = Path.Combine(mountDir, options.FileName);
        FileSystem = fs;
        _options = options;
        _device = device;
        _logger = logger;
        _pool = new FuseBufferPool(options.RequestCapacity, options.MaxInFlight);
    }

    public string MountDir { get; }

    /// <summary>The served file, e.g. /run/tandem/fuse/r0/r0.</summary>
    public string FilePath { get; }

    public BlockFileSystem FileSystem { get; }

    /// <summary>FUSE connection number (the mount's device minor; /sys/fs/fuse/connections/N).</summary>
    public string? Connection => _connection;

    /// <summary>Completes when the kernel ended the session (unmounted and released, or aborted).</summary>
    public Task Ended => _ended.Task;

    /// <summary>
    /// Mounts the file at <paramref name="mountDir"/> (created if missing; a stale mount left by a killed
    /// process is removed first) and returns once the kernel's INIT has been answered.
    /// </summary>
    public static async Task<FuseBlockFile> MountAsync(IBlockTarget target, string mountDir, FuseBlockFileOptions options,
        ILoggerFactory loggerFactory, CancellationToken ct, TimeProvider? time = null)
    {
        options.Validate();
        var logger = loggerFactory.CreateLogger("Tandem.Fuse");
        FuseMount.RemoveStale(mountDir, logger); // first: a stale mount point cannot even be stat'ed
        Directory.CreateDirectory(mountDir);
        mountDir = FuseMount.Canonical(mountDir);

        var fs = new BlockFileSystem(target, options, logger, time ?? TimeProvider.System, mountDir);
        var device = FuseDevice.Open();
        FuseBlockFile file;
        try
        {
            FuseMount.Mount(mountDir, device.MainFd, options.MaxWrite);
            file = new FuseBlockFile(mountDir, fs, options, device, logger);
        }
        catch
        {
            device.Dispose();
            throw;
        }
        try
        {
            file._connection = FuseMount.Find(mountDir)?.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture);
            file._mountId = Native.FuseLibc.MountId(mountDir);
            file.StartReaders();
            await fs.Initialized.WaitAsync(options.InitTimeout, ct).ConfigureAwait(false);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        FuseLog.Mounted(logger, mountDir, options.FileName, target.SizeBytes, options.DirectIo);
        return file;
    }

    /// <summary>
    /// Unmounts (lazily) and waits for the kernel to end the session. If something still holds the file
    /// open (a loop device, a process) after <see cref="FuseBlockFileOptions.EndTimeout"/>, the connection
    /// is aborted so that nothing hangs: the holder's I/O then fails with ENOTCONN.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        if (IsOurMount())
        {
            int rc = FuseMount.Detach(MountDir);
            if (rc != 0 && rc != Native.FuseLibc.EINVAL)
                FuseLog.ProtocolError(_logger, $"umount2({MountDir}) failed: {Native.FuseLibc.Describe(rc)}");
        }
        if (_readers.Count > 0 && !await WaitAsync(_ended.Task, _options.EndTimeout).ConfigureAwait(false))
        {
            Abort("session still open after unmount");
            await WaitAsync(_ended.Task, _options.EndTimeout).ConfigureAwait(false);
        }
        _stop.Cancel();
        var deadline = DateTime.UtcNow + _options.EndTimeout;
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10).ConfigureAwait(false);
        foreach (var t in _readers)
            t.Join(TimeSpan.FromSeconds(1));
        _device.Dispose();
        FileSystem.SessionEnded(new IOException($"FUSE session at {MountDir} ended"));
        _ended.TrySetResult();
        FuseLog.Unmounted(_logger, MountDir);
    }

    /// <summary>The mount at MountDir is still this session's (not a newer one made after this session died).</summary>
    bool IsOurMount() => _mountId is not null && Native.FuseLibc.MountId(MountDir) == _mountId;

    /// <summary>Aborts the FUSE connection (pending and future requests fail); used when a clean end is impossible.</summary>
    public void Abort(string reason)
    {
        if (_connection is null)
            return;
        FuseLog.ConnectionAborted(_logger, _connection, MountDir, reason);
        FuseMount.Abort(_connection);
    }

    static async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
