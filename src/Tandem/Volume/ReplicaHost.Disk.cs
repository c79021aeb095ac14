using System.Runtime.InteropServices;
using Tandem.Replication.Core;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

// Disk operations the core asks for, on the backing file. A Primary's writes take their activity-log
// pin first. Errors become a failed completion; the core decides what that means (on_io_error).
public sealed partial class ReplicaHost
{
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
                        default: _disk.Write(w.Offset, w.Data.Span); break;
                    }
                    if (w.Fua)
                        _disk.Sync();
                    ReleasePooled(w.Data);
                    break;
                case ReplicaAction.DiskRead r:
                    (io, offset) = (r.Io, r.Offset);
                    var buffer = new byte[r.Length];
                    _disk.Read(r.Offset, buffer);
                    data = buffer;
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
        Handle(new ReplicaInput.DiskDone(io, ok, data), inline: true);
    }

    void ReleasePooled(ReadOnlyMemory<byte> data)
    {
        if (!_pooled.IsEmpty && MemoryMarshal.TryGetArray(data, out var seg) && seg.Array is { } array && _pooled.TryRemove(array, out var received))
            received.ReleasePayload();
    }
}
