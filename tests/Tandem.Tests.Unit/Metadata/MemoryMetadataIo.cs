using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

/// <summary>
/// An in-memory metadata device that counts writes and syncs and can tear the next write (only a
/// prefix reaches the "disk", then the write throws), to simulate a crash in the middle of it.
/// </summary>
sealed class MemoryMetadataIo(long size) : IMetadataIo
{
    public byte[] Bytes { get; } = new byte[size];
    public long Size => Bytes.Length;
    public int Writes;
    public int Syncs;
    public List<(long Offset, int Length)> WriteLog { get; } = [];

    /// <summary>When set, the next write stores only this many bytes and throws.</summary>
    public int? TearNextWriteAfter { get; set; }

    /// <summary>Runs at the start of every write (to observe what happened before it).</summary>
    public Action? BeforeWrite { get; set; }

    public void Read(long offset, Span<byte> buffer) => Bytes.AsSpan((int)offset, buffer.Length).CopyTo(buffer);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        BeforeWrite?.Invoke();
        if (TearNextWriteAfter is { } n)
        {
            TearNextWriteAfter = null;
            data[..n].CopyTo(Bytes.AsSpan((int)offset));
            throw new IOException("simulated crash during write");
        }
        Interlocked.Increment(ref Writes);
        lock (WriteLog)
            WriteLog.Add((offset, data.Length));
        data.CopyTo(Bytes.AsSpan((int)offset));
    }

    public void Sync() => Interlocked.Increment(ref Syncs);
}
