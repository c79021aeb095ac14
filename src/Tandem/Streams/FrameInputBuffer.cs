using System.Buffers;
using System.Runtime.CompilerServices;

namespace Tandem.Streams;

/// <summary>
/// Buffered exact reads of framed protocols (NBD, replication) from a stream: small frames are served
/// from a pooled buffer, large payloads are read straight into their destination without an extra
/// copy. One reader at a time.
/// </summary>
internal sealed class FrameInputBuffer(Stream stream, int capacity = 64 * 1024) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _start;
    private int _end;

    /// <summary>
    /// Fills <paramref name="destination"/>. Returns false if the stream ended before its first byte
    /// (a clean end between frames); throws <see cref="EndOfStreamException"/> if it ended part-way.
    /// </summary>
    public ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken ct)
    {
        if (_end - _start >= destination.Length)
        {
            _buffer.AsSpan(_start, destination.Length).CopyTo(destination.Span);
            _start += destination.Length;
            return new ValueTask<bool>(true);
        }

        return ReadSlowAsync(destination, ct);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadSlowAsync(Memory<byte> destination, CancellationToken ct)
    {
        int copied = _end - _start;
        _buffer.AsSpan(_start, copied).CopyTo(destination.Span);
        _start = _end = 0;
        while (copied < destination.Length)
        {
            int remaining = destination.Length - copied;
            if (remaining >= _buffer.Length / 2)
            {
                int n = await stream.ReadAsync(destination[copied..], ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return Ended(copied, destination.Length);
                }

                copied += n;
            }
            else
            {
                int n = await stream.ReadAsync(_buffer.AsMemory(), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return Ended(copied, destination.Length);
                }

                int take = Math.Min(n, remaining);
                _buffer.AsSpan(0, take).CopyTo(destination.Span[copied..]);
                copied += take;
                _start = take;
                _end = n;
            }
        }

        return true;
    }

    private static bool Ended(int copied, int wanted) => copied == 0
        ? false
        : throw new EndOfStreamException($"connection closed after {copied} of {wanted} bytes of a frame");

    public void Dispose()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
