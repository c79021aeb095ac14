namespace Tandem.Metadata;

public sealed partial class ActivityLog
{
    /// <summary>
    /// Slow path: under the commit lock, activates the still-missing extents of [from, last] in as few
    /// transactions as possible. With pinning, a failure unpins everything this call pinned, from
    /// <paramref name="first"/> on.
    /// </summary>
    async ValueTask ActivateSlowAsync(long first, long from, long last, bool pin, CancellationToken ct)
    {
        var pinned = new List<long>();
        if (pin)
            for (long e = first; e < from; e++)
                pinned.Add(e);
        try
        {
            await _commitLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var missing = new List<long>();
                for (long e = from; e <= last; e++)
                {
                    long epoch = Volatile.Read(ref _epoch);
                    if (pin ? TryPin(e, epoch) : TryTouch(e, epoch))
                    {
                        if (pin)
                            pinned.Add(e);
                    }
                    else
                        missing.Add(e);
                }
                for (int i = 0; i < missing.Count; i += AlTransactionCodec.MaxUpdates)
                {
                    var chunk = missing.GetRange(i, Math.Min(AlTransactionCodec.MaxUpdates, missing.Count - i));
                    await CommitLockedAsync(chunk, pin, ct).ConfigureAwait(false);
                    if (pin)
                        pinned.AddRange(chunk);
                }
            }
            finally
            {
                _commitLock.Release();
            }
        }
        catch
        {
            foreach (long e in pinned)
                Unpin(e);
            throw;
        }
    }

    /// <summary>Claims one slot per extent (waiting for pins to drop if all are pinned), writes the transaction durably, then publishes.</summary>
    async ValueTask CommitLockedAsync(List<long> extents, bool pin, CancellationToken ct)
    {
        var slots = new int[extents.Count];
        int claimed = 0;
        try
        {
            for (; claimed < extents.Count; claimed++)
                slots[claimed] = await ClaimSlotLockedAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            for (int i = 0; i < claimed; i++)
                Interlocked.Add(ref _pins[slots[i]], -Evicting);
            throw;
        }
        var old = new long[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            old[i] = _slotExtent[slots[i]];
            if (old[i] >= 0)
                _map.TryRemove(old[i], out _);
        }
        var table = (long[])_slotExtent.Clone();
        for (int i = 0; i < slots.Length; i++)
            table[slots[i]] = extents[i];
        ulong number = _nextTx++;
        try
        {
            // An evicted extent's writes are no longer covered after a crash: they must be on the data disk first.
            if (_dataDisk is not null && Array.Exists(old, o => o >= 0))
                _dataDisk.Sync();
            WriteTransaction(number, slots, extents, table);
        }
        catch
        {
            for (int i = 0; i < slots.Length; i++)
            {
                if (old[i] >= 0)
                    _map[old[i]] = slots[i];
                Interlocked.Add(ref _pins[slots[i]], -Evicting);
            }
            throw;
        }
        // New slots get an odd stamp; hits after this commit stamp the next (larger) value, so an
        // extent hit after a miss counts as more recent than the missed one.
        long epoch = Interlocked.Add(ref _epoch, 2) - 1;
        for (int i = 0; i < slots.Length; i++)
        {
            int s = slots[i];
            Volatile.Write(ref _slotExtent[s], extents[i]);
            Volatile.Write(ref _stamp[s], epoch);
            _map[extents[i]] = s;
            Interlocked.Add(ref _pins[s], -Evicting + (pin ? 1 : 0));
        }
        Interlocked.Increment(ref _transactionsWritten);
        MetadataLog.AlTransaction(_log, number, extents.Count, old.Count(o => o >= 0), _disk);
    }

    /// <summary>An empty slot if any, else the least recently used unpinned one; marks it Evicting.</summary>
    async ValueTask<int> ClaimSlotLockedAsync(CancellationToken ct)
    {
        while (true)
        {
            int s = TryClaimSlot();
            if (s >= 0)
                return s;
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _releaseWaiter, waiter);
            s = TryClaimSlot();
            if (s >= 0)
            {
                Volatile.Write(ref _releaseWaiter, null);
                return s;
            }
            MetadataLog.AlFull(_log, Capacity, _disk);
            await waiter.Task.WaitAsync(ct).ConfigureAwait(false);
            Volatile.Write(ref _releaseWaiter, null);
        }
    }

    int TryClaimSlot()
    {
        for (int s = 0; s < Capacity; s++)
            if (_slotExtent[s] < 0 && Interlocked.CompareExchange(ref _pins[s], Evicting, 0) == 0)
                return s;
        while (true)
        {
            int best = -1;
            long bestStamp = long.MaxValue;
            for (int s = 0; s < Capacity; s++)
            {
                long st = Volatile.Read(ref _stamp[s]);
                if (Volatile.Read(ref _pins[s]) == 0 && st < bestStamp)
                {
                    best = s;
                    bestStamp = st;
                }
            }
            if (best < 0)
                return -1;
            if (Interlocked.CompareExchange(ref _pins[best], Evicting, 0) == 0)
                return best;
        }
    }

    /// <summary>Builds the record (updates + the next window of the table as context), writes it to ring slot number mod 16, fdatasyncs.</summary>
    void WriteTransaction(ulong number, int[] slots, List<long> extents, long[] table)
    {
        int window = Math.Min(Capacity, AlTransactionCodec.MaxContext);
        var context = new uint[window];
        for (int i = 0; i < window; i++)
            context[i] = ToDisk(table[(_contextStart + i) % Capacity]);
        var updates = new (int, uint)[slots.Length];
        for (int i = 0; i < slots.Length; i++)
            updates[i] = (slots[i], ToDisk(extents[i]));
        var tx = new AlTransaction(number, _deviceUuid, Capacity, updates, _contextStart, context);
        AlTransactionCodec.Write(tx, _record);
        _io.Write(_ringOffset + (long)(number % MetadataFormat.AlRingSlots) * AlTransactionCodec.Size, _record);
        _io.Sync();
        _contextStart = (_contextStart + window) % Capacity;
    }

    static uint ToDisk(long extent) => extent < 0 ? AlTransactionCodec.EmptySlot : (uint)extent;
}
