using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

// A replicated write's data must outlive the application's buffer: the link may still be sending it after
// the write completed (protocol A). The copy comes from a pool of aligned arrays (so the disk write goes out
// of it directly, past the page cache, without a second copy) and goes back once nothing holds it: the
// request until it completes, the disk write until it ran, the link until it wrote the packet out. A holder
// that never lets go (a packet dropped with its connection) leaves the copy to the garbage collector, never
// back in the pool while in use.
public sealed partial class ReplicaHost
{
    readonly ConcurrentDictionary<byte[], StrongBox<int>> _copies = new(ReferenceEqualityComparer.Instance);

    /// <summary>Writes a pooled copy of <paramref name="data"/> (the caller may reuse its buffer once this returns).</summary>
    public Task WriteCopyAsync(long offset, ReadOnlyMemory<byte> data, bool fua)
    {
        var array = AlignedArrays.Shared.Rent(data.Length);
        var copy = AlignedArrays.Window(array, data.Length);
        data.CopyTo(copy);
        _copies[array] = new StrongBox<int>(1); // the request's hold
        var task = WriteAsync(offset, data.Length, WriteKind.Data, fua, copy);
        if (task.IsCompleted)
            ReleaseCopy(array);
        else
            task.ContinueWith(static (_, s) =>
            {
                var (host, copy) = ((ReplicaHost, byte[]))s!;
                host.ReleaseCopy(copy);
            }, (this, array), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>One more holder of <paramref name="data"/>, if it is a pooled copy; taken before the holder can let go.</summary>
    void HoldCopy(ReadOnlyMemory<byte> data)
    {
        if (MemoryMarshal.TryGetArray(data, out var seg) && seg.Array is { } array && _copies.TryGetValue(array, out var refs))
            Interlocked.Increment(ref refs.Value);
    }

    void ReleaseCopy(ReadOnlyMemory<byte> data)
    {
        if (MemoryMarshal.TryGetArray(data, out var seg) && seg.Array is { } array)
            ReleaseCopy(array);
    }

    void ReleaseCopy(byte[] array)
    {
        if (_copies.TryGetValue(array, out var refs) && Interlocked.Decrement(ref refs.Value) == 0 && _copies.TryRemove(array, out _))
            AlignedArrays.Shared.Return(array);
    }
}
