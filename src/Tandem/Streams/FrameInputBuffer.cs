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
    public ValueTask<bool> ReadExactlyAsync(Memory<byte> destination, CancellationToken ct) =>
        TryTakeBuffered(destination.Span) ? new ValueTask<bool>(true) : ReadSlowAsync(destination, ct);

    /// <summary>
    /// <see cref="ReadExactlyAsync"/> for a reader with a thread of its own: waits in the stream's synchronous read.
    /// </summary>
    public bool ReadExactly(Span<byte> destination)
    {
        if (TryTakeBuffered(destination))
        {
            return true;
        }

        int copied = BeginSlow(destination);
        bool large = IsLarge(destination.Length);
        while (copied < destination.Length)
        {
            bool direct = PrepareRead(large, destination.Length - copied);
            int n = stream.Read(direct ? destination[copied..] : _buffer);
            if (n == 0)
            {
                return Ended(copied, destination.Length);
            }

            copied += Took(direct, large, n, destination[copied..]);
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadSlowAsync(Memory<byte> destination, CancellationToken ct)
    {
        int copied = BeginSlow(destination.Span);
        bool large = IsLarge(destination.Length);
        while (copied < destination.Length)
        {
            bool direct = PrepareRead(large, destination.Length - copied);
            int n = await stream.ReadAsync(direct ? destination[copied..] : _buffer.AsMemory(), ct).ConfigureAwait(false);
            if (n == 0)
            {
                return Ended(copied, destination.Length);
            }

            copied += Took(direct, large, n, destination.Span[copied..]);
        }

        return true;
    }

    /// <summary>Serves <paramref name="destination"/> from the buffer if it holds enough.</summary>
    private bool TryTakeBuffered(Span<byte> destination)
    {
        if (_end - _start < destination.Length)
        {
            return false;
        }

        _buffer.AsSpan(_start, destination.Length).CopyTo(destination);
        _start += destination.Length;
        return true;
    }

    /// <summary>Moves what the buffer holds into <paramref name="destination"/> and empties it; the bytes moved.</summary>
    private int BeginSlow(Span<byte> destination)
    {
        int copied = _end - _start;
        _buffer.AsSpan(_start, copied).CopyTo(destination);
        _start = _end = 0;
        return copied;
    }

    private bool IsLarge(int length) => length >= _buffer.Length / 2;

    /// <summary>Whether the next read goes straight into the destination (else into the buffer); tells the stream how much it waits for.</summary>
    private bool PrepareRead(bool large, int remaining)
    {
        bool direct = large || _exactNext;
        wantAtLeast?.Invoke(direct ? remaining : 1);
        return direct;
    }

    /// <summary>Accounts for a read of <paramref name="n"/> bytes; the bytes it added to <paramref name="rest"/>.</summary>
    private int Took(bool direct, bool large, int n, Span<byte> rest)
    {
        if (direct)
        {
            _exactNext = large;
            return n;
        }

        int take = Math.Min(n, rest.Length);
        _buffer.AsSpan(0, take).CopyTo(rest);
        _start = take;
        _end = n;
        return take;
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
