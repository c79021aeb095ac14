using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

// Disk operations the core asks for, on the backing file. A Primary's writes take their activity-log
// pin first. Errors become a failed completion; the core decides what that means (on_io_error).
public sealed partial class ReplicaHost
{
    /// <summary>Reads at least this large take a pooled buffer (a large array costs a large-object allocation).</summary>
    const int LendThreshold = 64 * 1024;
    const int MaxLent = 64;

    readonly ConcurrentDictionary<byte[], byte> _lent = new(ReferenceEqualityComparer.Instance);

    void RunDisk(ReplicaAction a)
    {
        if (a is ReplicaAction.DiskWrite { Activity: true } w)
        {
            var pin = _store.AcquireAsync(w.Offset, w.Length);
            if (!pin.IsCompletedSuccessfully)
            {
                _ = PinThenWriteAsync(pin, w);
                return;
            }
        }
        RunDiskNow(a);
    }

    async Task PinThenWriteAsync(ValueTask pin, ReplicaAction.DiskWrite w)
    {
        try
        {
            await pin;
        }
        catch (Exception e)
        {
            _log.DiskError(Name, w.Offset, $"activity log: {e.Message}");
            ReleaseData(w.Data);
            Handle(new ReplicaInput.DiskDone(w.Io, false, default), inline: true);
            return;
        }
        RunDiskNow(w);
    }

    void RunDiskNow(ReplicaAction a)
    {
        ulong io = 0;
        long offset = 0;
        bool ok = true;
        ReadOnlyMemory<byte> data = default;
        try
        {
            switch (a)
            {
                case ReplicaAction.DiskWrite w:
                    (io, offset) = (w.Io, w.Offset);
                    switch (w.Kind)
                    {
                        case WriteKind.Trim: _disk.Discard(w.Offset, w.Length); break;
                        case WriteKind.Zeroes: _disk.WriteZeroes(w.Offset, w.Length); break;
                        default:
                            _disk.Write(w.Offset, w.Data.Span);
                            break;
                    }
                    if (w.Fua)
                        _disk.Sync();
                    ReleasePooled(w.Data);
                    break;
                case ReplicaAction.DiskRead r:
                    (io, offset) = (r.Io, r.Offset);
                    var buffer = RentForRead(r.Length, r.ForPeer);
                    _disk.Read(r.Offset, buffer.AsSpan(0, r.Length));
                    data = buffer.AsMemory(0, r.Length);
                    break;
                case ReplicaAction.DiskFlush f:
                    io = f.Io;
                    _disk.Sync();
                    break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BlockIoException)
        {
            ok = false;
            _log.DiskError(Name, offset, e.Message);
        }
        if (a is ReplicaAction.DiskWrite written)
            ReleaseData(written.Data);
        Handle(new ReplicaInput.DiskDone(io, ok, data), inline: true);
    }

    /// <summary>
    /// A buffer for a disk read. Data the core sends on (resync data, a diskless peer's read) comes back
    /// through <see cref="OnPayloadReleased"/> and is reused; data that goes elsewhere is left to the GC.
    /// </summary>
    byte[] RentForRead(int length, bool forPeer)
    {
        // A read whose data never reaches the link (it failed, the connection dropped) stays in _lent until
        // the link is lost; the cap keeps that bounded in between.
        if (!forPeer || length < LendThreshold || _lent.Count >= MaxLent)
            return GC.AllocateUninitializedArray<byte>(length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        _lent[buffer] = 0;
        return buffer;
    }

    /// <summary>The link no longer reads a packet's payload (written out, or dropped with its connection): a buffer lent to it can be reused.</summary>
    void OnPayloadReleased(ReplicationPacket packet)
    {
        if (packet is Write w)
        {
            ReleaseData(w.Data);
            return;
        }
        if (!_lent.IsEmpty && MemoryMarshal.TryGetArray(packet.Payload, out var seg) && seg.Array is { } array && _lent.TryRemove(array, out _))
            ArrayPool<byte>.Shared.Return(array);
    }

    void ReleasePooled(ReadOnlyMemory<byte> data)
    {
        if (!_pooled.IsEmpty && MemoryMarshal.TryGetArray(data, out var seg) && seg.Array is { } array && _pooled.TryRemove(array, out var received))
            received.ReleasePayload();
    }
}
