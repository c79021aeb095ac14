using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

internal sealed partial class NbdServerConnection
{
    /// <summary>Frames up to this size are copied into the batch buffer; larger READ frames are written as they are.</summary>
    private const int CoalesceLimit = 32 * 1024;

    private readonly ConcurrentQueue<PendingReply> _replies = new();
    private readonly byte[] _batch = new byte[128 * 1024]; // only touched by the flusher
    private readonly List<PendingReply> _batched = new(64); // only touched by the flusher
    private int _flushing;

    /// <summary>
    /// Queues a reply (already counted in <c>_outstanding</c>) without waiting. Whoever finds no flush running
    /// becomes the flusher and writes every queued reply, small ones batched into one write; a READ frame
    /// is always written whole, so header and data are never interleaved with other replies.
    /// </summary>
    private void Reply(in PendingReply reply)
    {
        _replies.Enqueue(reply);
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            _ = FlushRepliesAsync();
        }
    }

    private async Task FlushRepliesAsync()
    {
        do
        {
            int used = 0;
            while (_replies.TryDequeue(out PendingReply reply))
            {
                int length = reply.Frame is null ? NbdSimpleReply.Size : reply.FrameLength;
                if (length <= CoalesceLimit)
                {
                    if (used + length > _batch.Length)
                    {
                        await WriteBatchAsync(used).ConfigureAwait(false);
                        used = 0;
                    }

                    if (reply.Frame is null)
                    {
                        new NbdSimpleReply(reply.Error, reply.Cookie).Write(_batch.AsSpan(used));
                    }
                    else
                    {
                        reply.Frame.AsSpan(0, length).CopyTo(_batch.AsSpan(used));
                    }

                    used += length;
                    _batched.Add(reply);
                    continue;
                }

                if (used > 0)
                {
                    await WriteBatchAsync(used).ConfigureAwait(false);
                    used = 0;
                }

                await WriteAsync(reply.Frame.AsMemory(0, length)).ConfigureAwait(false);
                Finish(reply);
            }

            if (used > 0)
            {
                await WriteBatchAsync(used).ConfigureAwait(false);
            }

            Volatile.Write(ref _flushing, 0);
        }
        while (!_replies.IsEmpty && Interlocked.CompareExchange(ref _flushing, 1, 0) == 0);
    }

    private async ValueTask WriteBatchAsync(int used)
    {
        await WriteAsync(_batch.AsMemory(0, used)).ConfigureAwait(false);
        foreach (PendingReply reply in _batched)
        {
            Finish(reply);
        }

        _batched.Clear();
    }

    /// <summary>A failed write marks the connection broken and stops the reading loop; later replies are dropped.</summary>
    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_broken)
        {
            return;
        }

        try
        {
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _broken = true;
            NbdLog.ReplyWriteFailed(_log, Id, e.Message);
            _stopReading.Cancel();
        }
    }

    private void Finish(in PendingReply reply)
    {
        if (reply.Frame is not null)
        {
            ArrayPool<byte>.Shared.Return(reply.Frame);
        }

        if (reply.Units > 0)
        {
            _budget.Release(reply.Units);
        }

        RequestFinished();
    }

    /// <summary>A simple reply without data, or a complete READ frame (header and data) in a pooled buffer.</summary>
    private readonly record struct PendingReply(NbdError Error, ulong Cookie, byte[]? Frame, int FrameLength, int Units);
}
