namespace Tandem.Fuse;

/// <summary>
/// Bounded pool of <see cref="FuseBuffer"/>s, allocated lazily. A request holds its buffer until its
/// reply is written, so the bound also caps the number of requests in flight; a reader waits for a
/// buffer when the bound is reached (the kernel then keeps further requests queued). The buffer returned last
/// is handed out first, so the pages in use stay as few as the requests in flight (and warm in the cache); a pool
/// that handed out the oldest would cycle through every buffer it ever allocated.
/// </summary>
public sealed class FuseBufferPool : IDisposable
{
    readonly Stack<FuseBuffer> _free = new();
    readonly SemaphoreSlim _slots;
    readonly int _requestCapacity;

    public FuseBufferPool(int requestCapacity, int maxBuffers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuffers, 1);
        _requestCapacity = requestCapacity;
        _slots = new SemaphoreSlim(maxBuffers, maxBuffers);
        MaxBuffers = maxBuffers;
    }

    public int MaxBuffers { get; }

    /// <summary>Blocks the calling (dedicated reader) thread until a buffer is free.</summary>
    public FuseBuffer Rent(CancellationToken ct)
    {
        _slots.Wait(ct);
        lock (_free)
        {
            if (_free.TryPop(out var buffer))
                return buffer;
        }
        return new FuseBuffer(_requestCapacity);
    }

    public void Return(FuseBuffer buffer)
    {
        buffer.SourceFd = -1;
        lock (_free)
            _free.Push(buffer);
        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();
}
