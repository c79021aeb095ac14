using System.Buffers;

namespace Tandem.Replication.Link;

/// <summary>A reusable pooled buffer the writer encodes many frames into before one socket write; grows for an odd large frame.</summary>
internal sealed class BatchBuffer(int capacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public int Written { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Written);

    public void Advance(int count) => Written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int start = Grow(sizeHint); // before reading _buffer: growing replaces it
        return _buffer.AsMemory(start);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        int start = Grow(sizeHint);
        return _buffer.AsSpan(start);
    }

    /// <summary>Empties the buffer, giving back an enlarged one.</summary>
    public void Reset()
    {
        Written = 0;
        if (_buffer.Length > capacity * 2)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        }
    }

    private int Grow(int sizeHint)
    {
        int needed = Written + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, Written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return Written;
    }

    public void Dispose()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
