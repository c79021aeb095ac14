using System.Buffers;

namespace Tandem.Replication.Link;

/// <summary>
/// Buffered exact reads from the connection: headers and small frames come from a pooled buffer, large payloads are
/// read straight into their destination. One reader at a time.
/// </summary>
internal sealed class LinkInputBuffer(Stream stream, int capacity = 256 * 1024) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _start;
    private int _end;

    /// <summary>Fills <paramref name="destination"/>; false if the stream ended cleanly before its first byte.</summary>
    /// <exception cref="EndOfStreamException">The stream ended part-way.</exception>
    public async ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken ct)
    {
        int copied = Math.Min(_end - _start, destination.Length);
        _buffer.AsSpan(_start, copied).CopyTo(destination.Span);
        _start += copied;
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
                continue;
            }

            _start = 0;
            _end = await stream.ReadAsync(_buffer.AsMemory(), ct).ConfigureAwait(false);
            if (_end == 0)
            {
                return Ended(copied, destination.Length);
            }

            int take = Math.Min(_end, remaining);
            _buffer.AsSpan(0, take).CopyTo(destination.Span[copied..]);
            copied += take;
            _start = take;
        }

        return true;
    }

    private static bool Ended(int copied, int wanted) => copied == 0
        ? false
        : throw new EndOfStreamException($"the connection closed after {copied} of {wanted} bytes of a frame");

    public void Dispose()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
