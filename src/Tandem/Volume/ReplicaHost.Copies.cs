using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Tandem.Config;
using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Volume;

// A replicated write's data must stay unchanged while anything reads it: the request until it completes, the disk
// write until it ran, the link until it no longer reads the packet (written out, or dropped with its connection; the
// link reports both, exactly once). Protocol A completes a write before the peer has it, so the caller's buffer would
// be reused under the link: its data is copied, into a pooled aligned array (the disk write goes out of it as it is)
// that goes back once nothing holds it. Protocols B and C complete a write only after the peer acknowledged it, by
// when the link has let go of it: the caller's own memory travels, no copy; should the connection drop while the
// packet is still being written, the request waits until the link let go (at most the connection's closing grace).
public sealed partial class ReplicaHost
{
    readonly ConcurrentDictionary<HeldMemory, Hold> _holds = new();

    /// <summary>Where held data starts: the array (compared by reference) and the offset into it.</summary>
    readonly record struct HeldMemory(byte[] Array, int Offset);

    /// <summary>How many hold the memory (the request, the disk write, the link); a pooled copy goes back at zero, else Released fires.</summary>
    sealed class Hold(bool pooled)
    {
        public int Count = 1; // the request's hold
        public bool Pooled { get; } = pooled;
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Writes data that may travel to the peer; the caller may reuse <paramref name="data"/> once the task completes.
    /// </summary>
    public Task WriteReplicatedAsync(long offset, ReadOnlyMemory<byte> data, bool fua) =>
        _options.Protocol == ReplicationProtocol.A ? WriteCopyAsync(offset, data, fua) : WriteInPlaceAsync(offset, data, fua);

    Task WriteCopyAsync(long offset, ReadOnlyMemory<byte> data, bool fua)
    {
        var array = AlignedArrays.Shared.Rent(data.Length);
        var copy = AlignedArrays.Window(array, data.Length);
        data.CopyTo(copy);
        var key = Key(copy)!.Value;
        _holds[key] = new Hold(pooled: true);
        var task = WriteAsync(offset, data.Length, WriteKind.Data, fua, copy);
        if (task.IsCompleted)
            Release(key);
        else
            task.ContinueWith(static (_, s) =>
            {
                var (host, held) = ((ReplicaHost, HeldMemory))s!;
                host.Release(held);
            }, (this, key), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    async Task WriteInPlaceAsync(long offset, ReadOnlyMemory<byte> data, bool fua)
    {
        var hold = new Hold(pooled: false);
        if (Key(data) is not { } key || !_holds.TryAdd(key, hold))
        {
            await WriteCopyAsync(offset, data, fua); // not an array, or that memory is already in a write: a copy
            return;
        }
        try
        {
            await WriteAsync(offset, data.Length, WriteKind.Data, fua, data);
        }
        finally
        {
            Release(key);
            await hold.Released.Task;
        }
    }

    static HeldMemory? Key(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var seg) && seg.Array is { } array ? new HeldMemory(array, seg.Offset) : null;

    /// <summary>One more holder of <paramref name="data"/>, if it is held memory; taken before the holder can let go.</summary>
    void HoldData(ReadOnlyMemory<byte> data)
    {
        if (Key(data) is { } key && _holds.TryGetValue(key, out var hold))
            Interlocked.Increment(ref hold.Count);
    }

    void ReleaseData(ReadOnlyMemory<byte> data)
    {
        if (Key(data) is { } key)
            Release(key);
    }

    void Release(HeldMemory key)
    {
        if (!_holds.TryGetValue(key, out var hold) || Interlocked.Decrement(ref hold.Count) != 0 || !_holds.TryRemove(key, out _))
            return;
        if (hold.Pooled)
            AlignedArrays.Shared.Return(key.Array);
        else
            hold.Released.TrySetResult();
    }
}
