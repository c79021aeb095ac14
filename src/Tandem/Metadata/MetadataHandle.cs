using Microsoft.Extensions.Logging;

namespace Tandem.Metadata;

/// <summary>
/// Open metadata of one volume, held by the daemon while the volume is attached. Holds the disks
/// locked (a second open fails with <see cref="MetadataInUseException"/>) until disposed.
/// <see cref="DisposeAsync"/> flushes the bitmap first; <see cref="Dispose"/> only closes.
/// </summary>
public sealed class MetadataHandle : IAsyncDisposable, IDisposable
{
    readonly MetadataDisks _disks;
    readonly SemaphoreSlim _updateLock = new(1, 1);
    readonly ILogger _log;
    readonly byte[] _block = new byte[MetadataFormat.SuperblockSize];
    Superblock _current;
    int _currentCopy;
    bool _disposed;

    internal MetadataHandle(MetadataTarget target, MetadataDisks disks, Superblock sb, int copy, DirtyBitmap bitmap, ActivityLog al,
        string nodeName, IReadOnlyList<string> warnings, ILogger log)
    {
        Target = target;
        _disks = disks;
        _current = sb;
        _currentCopy = copy;
        Bitmap = bitmap;
        ActivityLog = al;
        NodeName = nodeName;
        Warnings = warnings;
        _log = log;
    }

    public MetadataTarget Target { get; }

    /// <summary>This node's name, stamped into the superblock on every update.</summary>
    public string NodeName { get; }

    /// <summary>The superblock as last written (or read).</summary>
    public Superblock Superblock => Volatile.Read(ref _current);

    public MetadataLayout Layout => Superblock.Layout;

    public long DataSize => Layout.DataSize;

    /// <summary>Out-of-sync blocks; persist with <see cref="DirtyBitmap.FlushAsync"/>.</summary>
    public DirtyBitmap Bitmap { get; }

    public ActivityLog ActivityLog { get; }

    /// <summary>Problems found at open that did not prevent it (e.g. one unusable superblock copy), for the operator.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when the backing disk is a block device (false: a regular file).</summary>
    public bool BackingIsBlockDevice => _disks.Backing.IsBlockDevice;

    /// <summary>
    /// Applies <paramref name="change"/> to the current superblock and writes the result durably to the
    /// copy not holding the newest (pwrite + fdatasync), with the sequence advanced and this node as the
    /// writer. Only flags, UUIDs and la_size may change. Returns the new superblock; on an I/O error the
    /// current one stays in force. Updates are serialized.
    /// </summary>
    public async ValueTask<Superblock> UpdateAsync(Func<Superblock, Superblock> change, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _updateLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var old = _current;
            var next = change(old);
            if (next.Layout != old.Layout || next.DeviceUuid != old.DeviceUuid)
                throw new ArgumentException("layout and device uuid of open metadata cannot change", nameof(change));
            if (next.LaSize < 0 || next.LaSize > next.DataSize)
                throw new ArgumentOutOfRangeException(nameof(change), next.LaSize, "la_size outside the data region");
            next = next with { Sequence = old.Sequence + 1, NodeName = NodeName };
            int copy = 1 - _currentCopy;
            SuperblockCodec.Write(next, _block);
            _disks.Meta.Write(old.Layout.SuperblockCopyOffset(copy), _block);
            _disks.Meta.Sync();
            Volatile.Write(ref _current, next);
            _currentCopy = copy;
            MetadataLog.SuperblockWritten(_log, Target.MetaPath, copy, next.Sequence);
            if (next.Flags != old.Flags)
                MetadataLog.FlagsChanged(_log, Target.MetaPath, old.Flags, next.Flags);
            if (next.Uuids != old.Uuids)
                MetadataLog.UuidsChanged(_log, Target.MetaPath, old.Uuids, next.Uuids);
            return next;
        }
        finally
        {
            _updateLock.Release();
        }
    }

    /// <summary>Writes the changed bitmap pages durably.</summary>
    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int pages = await Bitmap.FlushAsync(ct).ConfigureAwait(false);
        if (pages > 0)
            MetadataLog.BitmapFlushed(_log, Target.MetaPath, pages);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        try { await FlushAsync().ConfigureAwait(false); }
        finally { Dispose(); }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        ActivityLog.Dispose();
        _disks.Dispose();
        MetadataLog.Closed(_log, Target.MetaPath);
    }
}
