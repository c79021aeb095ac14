using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Metadata;

/// <summary>
/// DRBD-style activity log: the set of "hot" 4 MiB extents of the data region that may hold writes
/// the peer has not acknowledged. Before a write touches an extent that is not active, a transaction
/// naming it is written durably (pwrite + fdatasync) to a ring of 4 KiB slots; only then does the
/// write proceed. After a Primary crash the ring is replayed (<see cref="RecoverActiveExtents"/>) and
/// those extents are resynced instead of the whole disk. Eviction is least-recently-used by miss epoch.
/// <para>
/// Write path: <see cref="AcquireAsync"/> before the write and <see cref="Release"/> when it has
/// completed locally and at the peer pins the extents so they cannot be evicted meanwhile (the strict
/// guarantee). <see cref="EnsureActiveAsync"/> activates without pinning; it relies on LRU order, so an
/// extent written moments ago is evicted only after <see cref="Capacity"/> newer misses. Both are
/// allocation-free and lock-free when the extents are already active.
/// </para>
/// </summary>
public sealed partial class ActivityLog : IDisposable
{
    const int Evicting = int.MinValue / 2;
    readonly IMetadataIo _io;
    readonly long _ringOffset;
    readonly ulong _deviceUuid;
    readonly long _extentCount;
    readonly long _dataSize;
    readonly ILogger _log;
    readonly string _disk;
    readonly long[] _slotExtent;
    readonly int[] _pins;
    readonly long[] _stamp;
    readonly ConcurrentDictionary<long, int> _map;
    readonly SemaphoreSlim _commitLock = new(1, 1);
    readonly byte[] _record = new byte[AlTransactionCodec.Size];
    long _epoch = 1;
    ulong _nextTx = 1;
    int _contextStart;
    long _transactionsWritten;
    TaskCompletionSource? _releaseWaiter;
    IReadOnlyList<long> _recovered = [];
    IMetadataIo? _dataDisk;

    ActivityLog(IMetadataIo io, MetadataLayout layout, ulong deviceUuid, ActivityLogOptions options, string disk, ILogger? logger)
    {
        options.Validate();
        _io = io;
        _ringOffset = layout.AlOffset;
        _deviceUuid = deviceUuid;
        _dataSize = layout.DataSize;
        _extentCount = (layout.DataSize + ExtentSize - 1) / ExtentSize;
        if (_extentCount >= AlTransactionCodec.EmptySlot)
            throw new ArgumentOutOfRangeException(nameof(layout), "data region too large for 32-bit extent numbers");
        _disk = disk;
        _log = logger ?? NullLogger.Instance;
        Capacity = options.Extents;
        _slotExtent = new long[Capacity];
        Array.Fill(_slotExtent, -1L);
        _pins = new int[Capacity];
        _stamp = new long[Capacity];
        _map = new ConcurrentDictionary<long, int>(Environment.ProcessorCount, Capacity * 2);
    }

    public const int ExtentSize = MetadataFormat.AlExtentSize;

    /// <summary>Maximum number of active extents (al-extents).</summary>
    public int Capacity { get; }

    /// <summary>Transactions written since open.</summary>
    public long TransactionsWritten => Interlocked.Read(ref _transactionsWritten);

    /// <summary>Number the next transaction will carry.</summary>
    public ulong NextTransactionNumber => _nextTx;

    /// <summary>Extents currently active, sorted (a snapshot).</summary>
    public IReadOnlyList<long> ActiveExtents
    {
        get
        {
            var list = new List<long>(Capacity);
            for (int s = 0; s < Capacity; s++)
                if (Volatile.Read(ref _slotExtent[s]) is var e and >= 0)
                    list.Add(e);
            list.Sort();
            return list;
        }
    }

    /// <summary>
    /// Extents the ring named when it was loaded (sorted): after a Primary crash these may differ from
    /// the peer and must be marked out of sync. Empty for freshly created metadata.
    /// </summary>
    public IReadOnlyCollection<long> RecoverActiveExtents() => _recovered;

    /// <summary>Byte range of extent <paramref name="extent"/> within a data region of <paramref name="dataSize"/> bytes.</summary>
    public static DirtyRun ExtentRange(long extent, long dataSize)
    {
        long start = extent * ExtentSize;
        return new DirtyRun(start, Math.Max(0, Math.Min(ExtentSize, dataSize - start)));
    }

    /// <summary>Makes the extents of [offset, offset+length) active (without pinning). Completes synchronously when they already are.</summary>
    public ValueTask EnsureActiveAsync(long offset, long length, CancellationToken ct = default) => Activate(offset, length, pin: false, ct);

    /// <summary>Makes the extents active and pins them until <see cref="Release"/> with the same range.</summary>
    public ValueTask AcquireAsync(long offset, long length, CancellationToken ct = default) => Activate(offset, length, pin: true, ct);

    /// <summary>Unpins extents pinned by <see cref="AcquireAsync"/> for the same range.</summary>
    public void Release(long offset, long length)
    {
        var (first, last) = Extents(offset, length);
        for (long e = first; e <= last; e++)
            Unpin(e);
    }

    void Unpin(long extent)
    {
        if (!_map.TryGetValue(extent, out int s) || Volatile.Read(ref _slotExtent[s]) != extent || Volatile.Read(ref _pins[s]) <= 0)
            throw new InvalidOperationException($"activity-log extent {extent} released but not acquired");
        if (Interlocked.Decrement(ref _pins[s]) == 0 && Volatile.Read(ref _releaseWaiter) is { } waiter)
            waiter.TrySetResult();
    }

    ValueTask Activate(long offset, long length, bool pin, CancellationToken ct)
    {
        var (first, last) = Extents(offset, length);
        if (last - first + 1 > Capacity)
            throw new ArgumentOutOfRangeException(nameof(length), $"a request over {last - first + 1} extents exceeds al-extents {Capacity}");
        long epoch = Volatile.Read(ref _epoch);
        for (long e = first; e <= last; e++)
            if (!(pin ? TryPin(e, epoch) : TryTouch(e, epoch)))
                return ActivateSlowAsync(first, e, last, pin, ct);
        return default;
    }

    /// <summary>Fast path without pinning: reads only, plus a stamp write when the epoch moved.</summary>
    bool TryTouch(long extent, long epoch)
    {
        if (!_map.TryGetValue(extent, out int s) || Volatile.Read(ref _pins[s]) < 0 || Volatile.Read(ref _slotExtent[s]) != extent)
            return false;
        if (Volatile.Read(ref _stamp[s]) != epoch)
            Volatile.Write(ref _stamp[s], epoch);
        return true;
    }

    /// <summary>Fast path with pinning: an increment that an eviction in progress (negative count) or a reused slot undoes.</summary>
    bool TryPin(long extent, long epoch)
    {
        if (!_map.TryGetValue(extent, out int s))
            return false;
        if (Interlocked.Increment(ref _pins[s]) > 0 && Volatile.Read(ref _slotExtent[s]) == extent)
        {
            if (Volatile.Read(ref _stamp[s]) != epoch)
                Volatile.Write(ref _stamp[s], epoch);
            return true;
        }
        Interlocked.Decrement(ref _pins[s]);
        return false;
    }

    (long First, long Last) Extents(long offset, long length)
    {
        if (offset < 0 || length <= 0 || offset > _dataSize - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{length} outside the data region");
        return (offset / ExtentSize, (offset + length - 1) / ExtentSize);
    }

    public void Dispose() => _commitLock.Dispose();
}
