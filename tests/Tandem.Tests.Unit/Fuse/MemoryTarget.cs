using Tandem.Storage;

namespace Tandem.Tests.Unit.Fuse;

/// <summary>A RAM block target that records what the FUSE layer asked of it.</summary>
sealed class MemoryTarget(int size) : IBlockTarget
{
    public readonly byte[] Data = new byte[size];
    public int Flushes, Trims, Zeroes, FuaWrites;
    public int? FailWith;

    public long SizeBytes => Data.Length;

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Check(offset, buffer.Length);
        Data.AsSpan((int)offset, buffer.Length).CopyTo(buffer.Span);
        return default;
    }

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        await Task.Yield(); // exercise the asynchronous completion path
        Check(offset, data.Length);
        data.Span.CopyTo(Data.AsSpan((int)offset));
        if (fua)
            Interlocked.Increment(ref FuaWrites);
    }

    public ValueTask FlushAsync(CancellationToken ct)
    {
        Check(0, 0);
        Interlocked.Increment(ref Flushes);
        return default;
    }

    public ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        Check(offset, length);
        Data.AsSpan((int)offset, (int)length).Fill(0);
        Interlocked.Increment(ref Trims);
        return default;
    }

    public ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        Check(offset, length);
        Data.AsSpan((int)offset, (int)length).Clear();
        Interlocked.Increment(ref Zeroes);
        return default;
    }

    void Check(long offset, long length)
    {
        if (FailWith is int errno)
            throw new BlockIoException(errno, "injected failure");
        if (offset < 0 || length < 0 || offset + length > Data.Length)
            throw new BlockIoException(Errno.EINVAL, "out of range");
    }
}
