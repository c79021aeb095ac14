using Tandem.Storage;

namespace Tandem.Tests.Integration.Fuse;

/// <summary>A RAM-backed block target counting flushes, trims and zeroings; can be told to fail.</summary>
sealed class RamBlockTarget(int size) : IBlockTarget
{
    public readonly byte[] Data = new byte[size];
    long _flushes, _trims, _zeroes, _writes;
    public volatile int FailWith;

    public long SizeBytes => Data.Length;
    public long Flushes => Interlocked.Read(ref _flushes);
    public long Trims => Interlocked.Read(ref _trims);
    public long Zeroes => Interlocked.Read(ref _zeroes);
    public long Writes => Interlocked.Read(ref _writes);

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Check(offset, buffer.Length);
        Data.AsSpan((int)offset, buffer.Length).CopyTo(buffer.Span);
        return default;
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        Check(offset, data.Length);
        data.Span.CopyTo(Data.AsSpan((int)offset));
        Interlocked.Increment(ref _writes);
        return default;
    }

    public ValueTask FlushAsync(CancellationToken ct)
    {
        Check(0, 0);
        Interlocked.Increment(ref _flushes);
        return default;
    }

    public ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        Check(offset, length);
        Data.AsSpan((int)offset, (int)length).Clear();
        Interlocked.Increment(ref _trims);
        return default;
    }

    public ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        Check(offset, length);
        Data.AsSpan((int)offset, (int)length).Clear();
        Interlocked.Increment(ref _zeroes);
        return default;
    }

    void Check(long offset, long length)
    {
        if (FailWith != 0)
            throw new BlockIoException(FailWith, "injected failure");
        if (offset < 0 || length < 0 || offset + length > Data.Length)
            throw new BlockIoException(Errno.EINVAL, $"{offset}+{length} out of range");
    }
}
