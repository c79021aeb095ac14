using System.Buffers;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

internal sealed partial class NbdServerConnection
{
    /// <summary>
    /// Reads requests until NBD_CMD_DISC, end of stream, a protocol violation or <see cref="Stop"/>;
    /// each valid request is dispatched without waiting for the previous ones. Returns why it ended.
    /// </summary>
    private async Task<string> TransmitAsync(INbdExport export, ulong size)
    {
        CancellationToken ct = _stopReading.Token;
        byte[] header = new byte[NbdRequest.Size];
        while (true)
        {
            await _budget.WaitAsync(ct).ConfigureAwait(false);
            int units = 1;
            byte[]? payload = null;
            try
            {
                if (!await _input.ReadExactlyAsync(header, ct).ConfigureAwait(false))
                {
                    return "client closed the connection without NBD_CMD_DISC";
                }

                NbdRequest.TryRead(header, out NbdRequest request); // throws on bad magic: hard disconnect
                if (request.Command == NbdCommand.Disconnect)
                {
                    return "client sent NBD_CMD_DISC";
                }

                NbdError error = NbdRequestValidator.Validate(request, size, export.ReadOnly);
                if (request.HasPayload)
                {
                    if (request.Length > NbdLimits.MaxPayloadLength)
                    {
                        // The payload cannot be skipped safely (proto.md "Size constraints" allows a hard disconnect).
                        NbdLog.OversizedWrite(_log, Id, request.Length, NbdLimits.MaxPayloadLength);
                        ReplyFromReader(NbdError.Inval, request.Cookie);
                        return "oversized write";
                    }

                    units += await TakeBudgetAsync(request.Length, ct).ConfigureAwait(false);
                    payload = ArrayPool<byte>.Shared.Rent((int)request.Length);
                    if (!await _input.ReadExactlyAsync(payload.AsMemory(0, (int)request.Length), ct).ConfigureAwait(false))
                    {
                        throw new EndOfStreamException("connection closed before the write payload");
                    }
                }
                else if (request.Command == NbdCommand.Read && error == NbdError.None)
                {
                    units += await TakeBudgetAsync(request.Length, ct).ConfigureAwait(false);
                }

                if (error != NbdError.None)
                {
                    NbdLog.RequestRefused(_log, Id, request.Command, request.Offset, request.Length, error);
                    ReplyFromReader(error, request.Cookie);
                    continue;
                }

                Interlocked.Increment(ref _outstanding);
                Dispatch(export.Target, request, payload, units);
                units = 0;
                payload = null;
            }
            finally
            {
                if (payload is not null)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                }

                if (units > 0)
                {
                    _budget.Release(units);
                }
            }
        }
    }

    /// <summary>An error reply decided by the reading loop itself; its budget is released by the loop.</summary>
    private void ReplyFromReader(NbdError error, ulong cookie)
    {
        Interlocked.Increment(ref _outstanding);
        Reply(new PendingReply(error, cookie, null, 0, 0));
    }

    /// <summary>One extra budget unit per MiB of payload, capped so a single request can always proceed.</summary>
    private async ValueTask<int> TakeBudgetAsync(uint length, CancellationToken ct)
    {
        int extra = (int)Math.Min(length >> 20, (uint)Math.Max(0, _options.MaxInFlight - 1));
        for (int i = 0; i < extra; i++)
        {
            try
            {
                await _budget.WaitAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                if (i > 0)
                {
                    _budget.Release(i);
                }

                throw;
            }
        }

        return extra;
    }

    private void Dispatch(IBlockTarget target, in NbdRequest request, byte[]? payload, int units)
    {
        var work = new RequestWork(this, target, request, payload, units);

        // A request with nothing else in flight starts on the reading task: there is nothing to overlap it with,
        // and at queue depth 1 (a database's log write, its fdatasync) the hop to another thread is a good part
        // of the latency. With others in flight it goes to the pool, so a slow one does not hold up reading.
        if (_options.DispatchToThreadPool && Volatile.Read(ref _outstanding) > 1)
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: true);
        }
        else
        {
            work.Execute();
        }
    }

    private sealed class RequestWork(NbdServerConnection connection, IBlockTarget target, NbdRequest request, byte[]? payload, int units)
        : IThreadPoolWorkItem
    {
        public void Execute() => _ = connection.ProcessAsync(target, request, payload, units);
    }
}
