using System.Buffers;
using System.Runtime.CompilerServices;

namespace Tandem.Streams;

/// <summary>
/// Buffered exact reads of framed protocols (NBD, replication) from a stream: small frames are served
/// from a pooled buffer, large payloads are read straight into their destination without an extra
/// copy, and the header after a large payload is read alone (so the next large payload is not pulled
/// into the buffer). One reader at a time.
/// </summary>
/// <param name="wantAtLeast">
/// Told, before each read from the stream, how many bytes that read is waiting for: the rest of a large payload, or 1
/// (anything will do). A socket uses it as its receive low-water mark, so the reader is woken once when a large payload
/// has arrived instead of once per segment; it must never ask for more than the frame still carries.
/// </param>
internal sealed class FrameInputBuffer(Stream stream, int capacity = 64 * 1024, Action<int>? wantAtLeast = null) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _start;
    private int _end;

    /// <summary>
    /// The last read went straight into a large payload: the next read takes only what it is asked for (a header),
    /// straight into its destination, since reading ahead would pull the next large payload into the buffer and cost
    /// a copy out of it. Small frames after that are read ahead again.
    /// </summary>
    private bool _exactNext;

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
        bool large = destination.Length >= _buffer.Length / 2;
        while (copied < destination.Length)
        {
            int remaining = destination.Length - copied;
            if (large || _exactNext)
            {
                wantAtLeast?.Invoke(remaining);
                int n = await stream.ReadAsync(destination[copied..], ct).ConfigureAwait(false);
                _exactNext = large;
                if (n == 0)
                {
                    return Ended(copied, destination.Length);
                }

                copied += n;
            }
            else
            {
                wantAtLeast?.Invoke(1);
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
