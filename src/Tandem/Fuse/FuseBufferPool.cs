using Tandem.Storage;

namespace Tandem.Fuse;

/// <summary>
/// Bounded pool of <see cref="FuseBuffer"/>s, allocated lazily. A request holds its buffer until its
/// reply is written, so the bound also caps the number of requests in flight; a reader waits for a
/// buffer when the bound is reached (the kernel then keeps further requests queued). The buffer returned last
/// is handed out first (<see cref="WarmStack{T}"/>).
/// </summary>
public sealed class FuseBufferPool : IDisposable
{
    readonly WarmStack<FuseBuffer> _free = new();
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
        return _free.TryTake(out var buffer) ? buffer : new FuseBuffer(_requestCapacity);
    }

    public void Return(FuseBuffer buffer)
    {
        buffer.SourceFd = -1;
        _free.TryGiveBack(buffer);
        _slots.Release();
    }

    public void Dispose() => _slots.Dispose();
}
