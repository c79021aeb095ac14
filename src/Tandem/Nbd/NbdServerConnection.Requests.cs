using System.Buffers;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

internal sealed partial class NbdServerConnection
{
    /// <summary>Runs one request against the target and queues its reply. Never throws.</summary>
    private async Task ProcessAsync(IBlockTarget target, NbdRequest request, byte[]? payload, int units)
    {
        byte[]? frame = null;
        int length = (int)Math.Min(request.Length, int.MaxValue);
        NbdError error = NbdError.None;
        try
        {
            CancellationToken ct = _abortRequests.Token;
            long offset = (long)request.Offset;
            bool fua = (request.Flags & NbdCommandFlags.Fua) != 0;
            switch (request.Command)
            {
                case NbdCommand.Read:
                    // The data lands behind room for the reply header: header and data leave in one write.
                    frame = ArrayPool<byte>.Shared.Rent(NbdSimpleReply.Size + length);
                    await target.ReadAsync(offset, frame.AsMemory(NbdSimpleReply.Size, length), ct).ConfigureAwait(false);
                    new NbdSimpleReply(NbdError.None, request.Cookie).Write(frame);
                    break;
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
        finally
        {
            if (payload is not null)
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }

        if (error != NbdError.None && frame is not null)
        {
            // A failed read sends no data (proto.md "NBD_CMD_READ", simple replies).
            ArrayPool<byte>.Shared.Return(frame);
            frame = null;
        }

        Reply(frame is null
            ? new PendingReply(error, request.Cookie, null, 0, units)
            : new PendingReply(NbdError.None, request.Cookie, frame, NbdSimpleReply.Size + length, units));
    }
}
