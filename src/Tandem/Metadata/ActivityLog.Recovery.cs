using Microsoft.Extensions.Logging;

namespace Tandem.Metadata;

public sealed partial class ActivityLog
{
    /// <summary>Valid records found in the ring at load.</summary>
    public int ValidRecordsAtLoad { get; private set; }

    /// <summary>Torn or damaged records found (and ignored) at load.</summary>
    public int CorruptRecordsAtLoad { get; private set; }

    /// <summary>
    /// Reads the ring, replays it (<see cref="AlReplay"/>) and continues from the newest valid
    /// transaction. Records of another device uuid (stale metadata) and torn records are ignored. When
    /// the recorded capacity equals <paramref name="options"/>' the replayed table stays active.
    /// </summary>
    /// <param name="dataDisk">
    /// The data disk when the metadata lives on another device (external metadata), else null. Writes to an extent
    /// must be durable before a transaction drops it from the log, and flushing the metadata device flushes only it.
    /// </param>
    public static ActivityLog Load(IMetadataIo io, MetadataLayout layout, ulong deviceUuid, ActivityLogOptions? options = null,
        string disk = "the metadata disk", ILogger? logger = null, IMetadataIo? dataDisk = null)
    {
        var al = new ActivityLog(io, layout, deviceUuid, options ?? ActivityLogOptions.Default, disk, logger) { _dataDisk = dataDisk };
        var ring = new byte[layout.AlSize];
        io.Read(layout.AlOffset, ring);
        var valid = new List<AlTransaction>();
        int corrupt = 0;
        for (int i = 0; i < MetadataFormat.AlRingSlots; i++)
        {
            var status = AlTransactionCodec.Read(ring.AsSpan(i * AlTransactionCodec.Size, AlTransactionCodec.Size), out var tx);
            if (status == AlRecordStatus.Valid && tx!.DeviceUuid == deviceUuid)
                valid.Add(tx);
            else if (status != AlRecordStatus.Empty)
                corrupt++;
        }
        var replay = AlReplay.Run(valid, al._extentCount);
        al._recovered = replay.Recovered;
        al._nextTx = replay.NewestTransaction + 1;
        al.ValidRecordsAtLoad = valid.Count;
        al.CorruptRecordsAtLoad = corrupt;
        if (replay.Capacity == al.Capacity)
        {
            for (int s = 0; s < al.Capacity; s++)
                if (replay.Table[s] is var e and >= 0 && al._map.TryAdd(e, s))
                    al._slotExtent[s] = e;
            var newest = valid.MaxBy(t => t.Number)!;
            al._contextStart = (newest.ContextStart + newest.Context.Count) % al.Capacity;
        }
        MetadataLog.AlLoaded(al._log, valid.Count, corrupt, replay.NewestTransaction, replay.Recovered.Count, disk);
        return al;
    }

    /// <summary>
    /// Empties the log: zeroes the ring durably and deactivates every extent (after the recovered
    /// extents were marked out of sync, or on a clean detach). Refused while any extent is pinned.
    /// </summary>
    public async ValueTask ResetAsync(CancellationToken ct = default)
    {
        await _commitLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int locked = 0;
            try
            {
                for (; locked < Capacity; locked++)
                    if (Interlocked.CompareExchange(ref _pins[locked], Evicting, 0) != 0)
                        throw new InvalidOperationException("activity log has writes in flight; reset refused");
                _io.Write(_ringOffset, new byte[MetadataFormat.AlSize]);
                _io.Sync();
                _map.Clear();
                for (int s = 0; s < Capacity; s++)
                    Volatile.Write(ref _slotExtent[s], -1L);
                _contextStart = 0;
                _recovered = [];
                Interlocked.Add(ref _epoch, 2);
            }
            finally
            {
                for (int s = 0; s < locked; s++)
                    Interlocked.Add(ref _pins[s], -Evicting);
            }
        }
        finally
        {
            _commitLock.Release();
        }
    }
}
