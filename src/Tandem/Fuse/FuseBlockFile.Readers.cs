using System.Buffers.Binary;
using Tandem.Fuse.Native;
using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Fuse;

public sealed partial class FuseBlockFile
{
    int _inFlight;
    int _runningReaders;

    void StartReaders()
    {
        _runningReaders = _options.Readers;
        for (int i = 0; i < _options.Readers; i++)
        {
            int fd = i == 0 ? _device.MainFd : _device.CloneOrShare();
            int index = i;
            var thread = new Thread(() => ReadLoop(index, fd))
            {
                IsBackground = true,
                Name = $"fuse-{_options.FileName}-{i}",
            };
            _readers.Add(thread);
            thread.Start();
        }
    }

    /// <summary>
    /// One reader: read a request, hand it to the filesystem, and either reply at once (completed
    /// synchronously) or let the continuation reply. Ends on ENODEV/ECONNABORTED: the kernel ended the session.
    /// </summary>
    void ReadLoop(int index, int fd)
    {
        string reason = "stopped";
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                FuseBuffer buffer;
                try
                {
                    buffer = _pool.Rent(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                int n = FuseDevice.Read(fd, buffer);
                if (n < 0)
                {
                    _pool.Return(buffer);
                    int errno = -n;
                    if (errno is FuseLibc.EINTR or FuseLibc.EAGAIN or FuseLibc.ENOENT)
                        continue; // interrupted, or a request vanished while being read
                    reason = errno is FuseLibc.ENODEV or FuseLibc.ECONNABORTED ? "session ended" : FuseLibc.Describe(errno);
                    break;
                }
                buffer.SourceFd = fd;
                Dispatch(buffer, n);
            }
        }
        catch (Exception e)
        {
            FuseLog.ReaderFailed(_logger, e, index);
            reason = e.Message;
        }
        FuseLog.ReaderStopped(_logger, index, reason);
        if (Interlocked.Decrement(ref _runningReaders) == 0)
        {
            FileSystem.SessionEnded(new IOException($"FUSE session at {MountDir} ended before INIT: {reason}"));
            _ended.TrySetResult();
        }
    }

    void Dispatch(FuseBuffer buffer, int length)
    {
        ValueTask<FuseReply> pending;
        try
        {
            pending = FileSystem.HandleAsync(buffer, length, _stop.Token);
        }
        catch (Exception e)
        {
            FuseLog.ReaderFailed(_logger, e, -1);
            Complete(buffer, InternalError(buffer, length));
            return;
        }
        if (pending.IsCompleted)
        {
            Complete(buffer, Result(pending, buffer, length));
            return;
        }
        Interlocked.Increment(ref _inFlight);
        _ = CompleteLaterAsync(buffer, pending, length);
    }

    async Task CompleteLaterAsync(FuseBuffer buffer, ValueTask<FuseReply> pending, int length)
    {
        FuseReply reply;
        try
        {
            reply = await pending.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            FuseLog.ReaderFailed(_logger, e, -1);
            reply = InternalError(buffer, length);
        }
        Complete(buffer, reply);
        Interlocked.Decrement(ref _inFlight);
    }

    FuseReply Result(ValueTask<FuseReply> done, FuseBuffer buffer, int length)
    {
        try
        {
            return done.Result;
        }
        catch (Exception e)
        {
            FuseLog.ReaderFailed(_logger, e, -1);
            return InternalError(buffer, length);
        }
    }

    /// <summary>EIO for a request the handler could not process (a bug, not a bad request).</summary>
    static FuseReply InternalError(FuseBuffer buffer, int length)
    {
        if (length < FuseInHeader.Size)
            return FuseReply.None;
        ulong unique = BinaryPrimitives.ReadUInt64LittleEndian(buffer.Request[8..]);
        return new FuseReply(buffer.ScratchOffset, FuseReplyWriter.Error(buffer.Scratch, unique, Errno.EIO));
    }

    void Complete(FuseBuffer buffer, FuseReply reply)
    {
        if (reply.HasReply)
        {
            int rc = FuseDevice.Write(buffer.SourceFd, buffer, reply);
            if (rc != 0)
            {
                // ENOENT: the kernel dropped the request (interrupted); ENODEV: the session is gone.
                ulong unique = BinaryPrimitives.ReadUInt64LittleEndian(buffer.ReplyBytes(reply)[8..]);
                FuseLog.ReplyNotDelivered(_logger, unique, FuseLibc.Describe(-rc));
            }
        }
        _pool.Return(buffer);
    }
}
