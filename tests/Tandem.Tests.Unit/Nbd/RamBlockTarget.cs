using Tandem.Storage;

namespace Tandem.Tests.Unit.Nbd;

/// <summary>A RAM-backed block target for tests, with switches to refuse writes and to delay requests.</summary>
internal sealed class RamBlockTarget(long size) : IBlockTarget
{
    private int _flushes;
    private int _fuaWrites;
    private int _running;
    private int _maxRunning;

    public byte[] Data { get; } = new byte[size];

    public long SizeBytes => Data.Length;

    /// <summary>Non-zero: writes, trims and zeroing throw <see cref="BlockIoException"/> with this errno (like a Secondary).</summary>
    public int RefuseWritesErrno { get; set; }

    /// <summary>Non-zero: reads throw with this errno.</summary>
    public int RefuseReadsErrno { get; set; }

    /// <summary>Each request waits this long first (to keep many in flight).</summary>
    public TimeSpan Delay { get; set; }

    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Most requests that were inside the target at the same time.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public int FuaWrites => Volatile.Read(ref _fuaWrites);

    public List<(long Offset, long Length)> Trims { get; } = [];

    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        await Pause(ct);
        Check(offset, buffer.Length);
        if (RefuseReadsErrno != 0)
        {
            throw new BlockIoException(RefuseReadsErrno, "read refused");
        }

        Data.AsMemory((int)offset, buffer.Length).CopyTo(buffer);
    }

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        await Pause(ct);
        Refuse();
        Check(offset, data.Length);
        data.CopyTo(Data.AsMemory((int)offset));
        if (fua)
        {
            Interlocked.Increment(ref _fuaWrites);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await Pause(ct);
        Interlocked.Increment(ref _flushes);
    }

    public async ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        await Pause(ct);
        Refuse();
        Check(offset, length);
        lock (Trims)
        {
            Trims.Add((offset, length));
        }
    }

    public async ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        await Pause(ct);
        Refuse();
        Check(offset, length);
        Data.AsSpan((int)offset, (int)length).Clear();
    }

    private async ValueTask Pause(CancellationToken ct)
    {
        int running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }

        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, ct);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private void Refuse()
    {
        if (RefuseWritesErrno != 0)
        {
            throw new BlockIoException(RefuseWritesErrno, "write refused");
        }
    }

    private void Check(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > Data.Length)
        {
            throw new BlockIoException(Errno.EINVAL, "out of range");
        }
    }
}
