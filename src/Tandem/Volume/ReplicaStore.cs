using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Metadata;
using Tandem.Storage;

namespace Tandem.Volume;

/// <summary>
/// The host side of a replica's on-disk state: the metadata handle, the activity log pins of the write
/// path, and an in-order writer for superblock and bitmap updates that flushes the data disk first (so
/// a cleared bit never reaches the disk before the data it stands for). Pins of ranges that went out
/// of sync are held until the bitmap holding their bits is on disk.
/// </summary>
public sealed class ReplicaStore : IAsyncDisposable
{
    readonly MetadataHandle _h;
    readonly BackingFile _disk;
    readonly ILogger _log;
    readonly string _volume;
    readonly Channel<(GenerationUuids Uuids, MetadataFlags Flags, TaskCompletionSource? Written)?> _writes =
        Channel.CreateUnbounded<(GenerationUuids, MetadataFlags, TaskCompletionSource?)?>(new() { SingleReader = true });
    readonly List<(long Offset, int Length)> _afterBitmap = [];
    readonly Task _writer;
    bool _failed;

    ReplicaStore(string volume, MetadataHandle h, BackingFile disk, ILogger log)
    {
        _volume = volume;
        _h = h;
        _disk = disk;
        _log = log;
        _writer = Task.Run(WriterAsync);
    }

    /// <summary>Opens the metadata; after a Primary crash, marks the activity log's extents out of sync (they may differ from the peer).</summary>
    public static ReplicaStore Open(string volume, VolumeNodeOptions local, string node, BackingFile disk, ILoggerFactory logs)
    {
        var log = logs.CreateLogger("Tandem.Volume");
        var h = MetadataStore.Open(new MetadataTarget(volume, local.Disk, local.MetaDisk), node, null, logs.CreateLogger("Tandem.Metadata"));
        var store = new ReplicaStore(volume, h, disk, log);
        var sb = h.Superblock;
        store.InitialFlags = sb.Flags;
        if (sb.Flags.HasFlag(MetadataFlags.PrimaryInd))
        {
            int extents = 0;
            foreach (long e in h.ActivityLog.RecoverActiveExtents())
            {
                var run = ActivityLog.ExtentRange(e, h.DataSize);
                h.Bitmap.SetRange(run.Offset, run.Length);
                extents++;
            }
            store.InitialFlags |= MetadataFlags.CrashedPrimary;
            log.CrashRecovery(volume, extents);
        }
        return store;
    }

    public long DataSize => _h.DataSize;
    public DirtyBitmap Bitmap => _h.Bitmap;
    public GenerationUuids InitialUuids => _h.Superblock.Uuids;
    public MetadataFlags InitialFlags { get; private set; }
    public IReadOnlyList<string> Warnings => _h.Warnings;

    /// <summary>Before a write of the Primary reaches the disk: its extents are in the activity log, pinned.</summary>
    public ValueTask AcquireAsync(long offset, long length) => _h.ActivityLog.AcquireAsync(offset, length);

    public void Release(long offset, int length, bool afterBitmap)
    {
        if (!afterBitmap)
        {
            _h.ActivityLog.Release(offset, length);
            return;
        }
        lock (_afterBitmap)
            _afterBitmap.Add((offset, length));
    }

    /// <summary>Queue a superblock update (null: only the bitmap); written in order by one writer.</summary>
    public void Persist(GenerationUuids? uuids, MetadataFlags flags) =>
        _writes.Writer.TryWrite(uuids is { } u ? (u, flags, null) : null);

    /// <summary>True once every update queued before it is on disk; false if the store closed or one of them failed.</summary>
    public Task<bool> WhenWrittenAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writes.Writer.TryWrite((default, default, done)))
            return Task.FromResult(false);
        return done.Task.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
    }

    /// <summary>Flush the bitmap if pins wait for it (called on a timer).</summary>
    public void FlushIfWaiting()
    {
        lock (_afterBitmap)
            if (_afterBitmap.Count == 0)
                return;
        _writes.Writer.TryWrite(null);
    }

    async Task WriterAsync()
    {
        await foreach (var w in _writes.Reader.ReadAllAsync())
        {
            try
            {
                if (w is { Written: { } marker })
                {
                    if (_failed)
                        marker.TrySetException(new IOException("a metadata write failed"));
                    else
                        marker.TrySetResult();
                    _failed = false;
                    continue;
                }
                List<(long, int)> release;
                lock (_afterBitmap)
                {
                    release = [.. _afterBitmap];
                    _afterBitmap.Clear();
                }
                _disk.Sync();
                await _h.FlushAsync();
                if (w is { } update)
                    await _h.UpdateAsync(s => s with { Uuids = update.Uuids, Flags = update.Flags });
                foreach (var (o, l) in release)
                    _h.ActivityLog.Release(o, l);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or BlockIoException)
            {
                _log.MetadataWriteFailed(_volume, e.Message);
                _failed = true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _writer;
        while (_writes.Reader.TryRead(out var left))
            left?.Written?.TrySetCanceled();
        await _h.DisposeAsync();
    }
}
