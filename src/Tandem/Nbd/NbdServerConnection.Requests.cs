using System.Buffers;
using System.Net.Sockets;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

internal sealed partial class NbdServerConnection
{
    /// <summary>Runs one request against the target and sends its reply. Never throws.</summary>
    private async Task ProcessAsync(IBlockTarget target, NbdRequest request, byte[]? payload, int units)
    {
        byte[]? frame = null;
        try
        {
            NbdError error = NbdError.None;
            try
            {
                CancellationToken ct = _abortRequests.Token;
                long offset = (long)request.Offset;
                int length = (int)Math.Min(request.Length, int.MaxValue);
                bool fua = (request.Flags & NbdCommandFlags.Fua) != 0;
                switch (request.Command)
                {
                    case NbdCommand.Read:
                        // Header and data go out in one write, so the reply is atomic and costs one syscall.
                        frame = ArrayPool<byte>.Shared.Rent(NbdSimpleReply.Size + length);
                        await target.ReadAsync(offset, frame.AsMemory(NbdSimpleReply.Size, length), ct).ConfigureAwait(false);
                        new NbdSimpleReply(NbdError.None, request.Cookie).Write(frame);
                        await SendFrameAsync(frame.AsMemory(0, NbdSimpleReply.Size + length)).ConfigureAwait(false);
                        return;
                    case NbdCommand.Write:
                        await target.WriteAsync(offset, payload.AsMemory(0, length), fua, ct).ConfigureAwait(false);
                        break;
                    case NbdCommand.Flush:
                        await target.FlushAsync(ct).ConfigureAwait(false);
                        break;
                    case NbdCommand.Trim:
                        await target.TrimAsync(offset, request.Length, ct).ConfigureAwait(false);
                        if (fua)
                        {
                            await target.FlushAsync(ct).ConfigureAwait(false);
                        }

                        break;
                    case NbdCommand.WriteZeroes:
                        await target.WriteZeroesAsync(offset, request.Length, fua, ct).ConfigureAwait(false);
                        break;
                    default:
                        error = NbdError.Inval;
                        break;
                }
            }
            catch (BlockIoException e)
            {
                error = NbdErrorMapping.FromErrno(e.Errno);
                if (error == NbdError.None)
                {
                    error = NbdError.Io;
                }

                NbdLog.RequestRefused(_log, Id, request.Command, request.Offset, request.Length, error);
            }
            catch (OperationCanceledException) when (_abortRequests.IsCancellationRequested)
            {
                error = NbdError.Shutdown;
            }
            catch (Exception e)
            {
                NbdLog.TargetFailed(_log, Id, request.Command, request.Offset, request.Length, e);
                error = NbdError.Io;
            }

            await SendReplyAsync(error, request.Cookie).ConfigureAwait(false);
        }
        finally
        {
            if (frame is not null)
            {
                ArrayPool<byte>.Shared.Return(frame);
            }

            if (payload is not null)
            {
                ArrayPool<byte>.Shared.Return(payload);
            }

            _budget.Release(units);
            RequestFinished();
        }
    }

    /// <summary>Sends a 16-byte simple reply with no data.</summary>
    private ValueTask SendReplyAsync(NbdError error, ulong cookie) => SendAsync(default, error, cookie);

    /// <summary>Sends a complete, already encoded frame.</summary>
    private ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame) => SendAsync(frame, NbdError.None, 0);

    /// <summary>
    /// Writes one reply under the writer lock. A failed write marks the connection broken and stops the
    /// reading loop; it never throws, so request tasks always finish.
    /// </summary>
    private async ValueTask SendAsync(ReadOnlyMemory<byte> frame, NbdError error, ulong cookie)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_broken)
            {
                return;
            }

            if (frame.IsEmpty)
            {
                new NbdSimpleReply(error, cookie).Write(_replyHeader);
                frame = _replyHeader;
            }

            await _stream.WriteAsync(frame).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _broken = true;
            NbdLog.ReplyWriteFailed(_log, Id, e.Message);
            _stopReading.Cancel();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
