using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

public sealed partial class NbdClient
{
    /// <summary>Reads simple replies and completes the matching requests; READ data goes straight into the caller's buffer.</summary>
    private async Task ReceiveLoopAsync()
    {
        byte[] header = new byte[NbdSimpleReply.Size];
        Exception failure;
        try
        {
            while (true)
            {
                if (!await _input.ReadExactlyAsync(header, CancellationToken.None).ConfigureAwait(false))
                {
                    failure = new BlockIoException(Errno.EIO, $"NBD server {_server} closed the connection");
                    break;
                }

                NbdSimpleReply.TryRead(header, out NbdSimpleReply reply);
                NbdPendingRequest? pending;
                lock (_pendingLock)
                {
                    _pending.Remove(reply.Cookie, out pending);
                }

                if (pending is null)
                {
                    throw new NbdProtocolException($"reply for unknown cookie {reply.Cookie}");
                }

                if (pending.Command == NbdCommand.Read && reply.Error == NbdError.None && !pending.ReadBuffer.IsEmpty)
                {
                    try
                    {
                        if (!await _input.ReadExactlyAsync(pending.ReadBuffer, CancellationToken.None).ConfigureAwait(false))
                        {
                            throw new EndOfStreamException("connection closed before the read data");
                        }
                    }
                    catch (Exception e)
                    {
                        pending.Fail(Failed(e));
                        throw;
                    }
                }

                if (reply.Error == NbdError.Shutdown)
                {
                    BeginShutdown(); // before the caller hears ESHUTDOWN, so it finds the client disconnecting
                }

                pending.Complete(reply.Error);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (!_disposing)
        {
            NbdLog.ClientConnectionLost(_log, _server, failure.Message);
        }

        FailAll(failure);
    }

    /// <summary>
    /// proto.md: a client receiving ESHUTDOWN MUST initiate a soft disconnect. New requests fail at once;
    /// those in flight still get their replies before the server closes.
    /// </summary>
    private void BeginShutdown()
    {
        lock (_pendingLock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = new BlockIoException(Errno.ESHUTDOWN, $"NBD server {_server} is shutting down");
        }

        _ = SendDisconnectAsync();
    }

    /// <summary>Marks the connection failed (once) and fails every request still waiting.</summary>
    private void FailAll(Exception reason)
    {
        NbdPendingRequest[] waiting;
        Exception failure = Failed(reason);
        lock (_pendingLock)
        {
            _failure ??= failure;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (NbdPendingRequest pending in waiting)
        {
            pending.Fail(failure);
        }
    }

    /// <summary>Connection-level failures are EIO block errors (ESHUTDOWN once disposed).</summary>
    private BlockIoException Failed(Exception e) => e as BlockIoException
        ?? new BlockIoException(Errno.EIO, $"NBD connection to {_server} failed: {e.Message}");
}
