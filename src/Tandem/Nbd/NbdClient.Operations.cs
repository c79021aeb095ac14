using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

public sealed partial class NbdClient
{
    /// <summary>TRIM and WRITE_ZEROES lengths are 32-bit on the wire; longer ranges are split.</summary>
    private const uint MaxEffectLength = 1u << 30;

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        CheckRange(offset, buffer.Length);
        return buffer.Length <= MaxPayload
            ? ExecuteAsync(NbdCommand.Read, NbdCommandFlags.None, offset, (uint)buffer.Length, default, buffer, ct)
            : ReadSplitAsync(offset, buffer, ct);
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, bool fua, CancellationToken ct)
    {
        CheckRange(offset, data.Length);
        RequireWritable();
        bool wireFua = fua && Has(NbdTransmissionFlags.SendFua);
        if (data.Length <= MaxPayload && wireFua == fua)
        {
            return ExecuteAsync(NbdCommand.Write, fua ? NbdCommandFlags.Fua : 0, offset, (uint)data.Length, data, default, ct);
        }

        return WriteSplitAsync(offset, data, fua, wireFua, ct);
    }

    public ValueTask FlushAsync(CancellationToken ct) => Has(NbdTransmissionFlags.SendFlush)
        ? ExecuteAsync(NbdCommand.Flush, NbdCommandFlags.None, 0, 0, default, default, ct)
        : ValueTask.CompletedTask;

    /// <summary>A hint: without NBD_FLAG_SEND_TRIM it does nothing.</summary>
    public async ValueTask TrimAsync(long offset, long length, CancellationToken ct)
    {
        CheckRange(offset, length);
        RequireWritable();
        if (!Has(NbdTransmissionFlags.SendTrim))
        {
            return;
        }

        for (long done = 0; done < length;)
        {
            uint n = (uint)Math.Min(length - done, MaxEffectLength);
            await ExecuteAsync(NbdCommand.Trim, NbdCommandFlags.None, offset + done, n, default, default, ct).ConfigureAwait(false);
            done += n;
        }
    }

    /// <summary>NBD_CMD_WRITE_ZEROES when the server offers it, else plain writes of zeroes.</summary>
    public async ValueTask WriteZeroesAsync(long offset, long length, bool fua, CancellationToken ct)
    {
        CheckRange(offset, length);
        RequireWritable();
        bool native = Has(NbdTransmissionFlags.SendWriteZeroes);
        bool wireFua = fua && Has(NbdTransmissionFlags.SendFua);
        uint chunk = native ? MaxEffectLength : (uint)ZeroBlock.Length;
        for (long done = 0; done < length;)
        {
            uint n = (uint)Math.Min(length - done, chunk);
            await (native
                ? ExecuteAsync(NbdCommand.WriteZeroes, wireFua ? NbdCommandFlags.Fua : 0, offset + done, n, default, default, ct)
                : ExecuteAsync(NbdCommand.Write, wireFua ? NbdCommandFlags.Fua : 0, offset + done, n, ZeroBlock.AsMemory(0, (int)n), default, ct)).ConfigureAwait(false);
            done += n;
        }

        if (fua && !wireFua)
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static readonly byte[] ZeroBlock = new byte[1024 * 1024];

    private async ValueTask ReadSplitAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        while (buffer.Length > 0)
        {
            int n = Math.Min(buffer.Length, MaxPayload);
            await ExecuteAsync(NbdCommand.Read, NbdCommandFlags.None, offset, (uint)n, default, buffer[..n], ct).ConfigureAwait(false);
            offset += n;
            buffer = buffer[n..];
        }
    }

    private async ValueTask WriteSplitAsync(long offset, ReadOnlyMemory<byte> data, bool fua, bool wireFua, CancellationToken ct)
    {
        while (data.Length > 0)
        {
            int n = Math.Min(data.Length, MaxPayload);
            await ExecuteAsync(NbdCommand.Write, wireFua ? NbdCommandFlags.Fua : 0, offset, (uint)n, data[..n], default, ct).ConfigureAwait(false);
            offset += n;
            data = data[n..];
        }

        if (fua && !wireFua)
        {
            await FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one request and waits for its reply; a non-zero error becomes a <see cref="BlockIoException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ExecuteAsync(NbdCommand command, NbdCommandFlags flags, long offset, uint length,
        ReadOnlyMemory<byte> payload, Memory<byte> readBuffer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!_pool.TryDequeue(out NbdPendingRequest? pending))
        {
            pending = new NbdPendingRequest();
        }

        pending.Prepare(command, readBuffer);
        ulong cookie = Interlocked.Increment(ref _nextCookie);
        lock (_pendingLock)
        {
            if (_failure is { } failure)
            {
                throw Failed(failure);
            }

            _pending.Add(cookie, pending);
        }

        await SendRequestAsync(new NbdRequest(flags, command, cookie, (ulong)offset, length), payload, ct).ConfigureAwait(false);
        NbdError error = await pending.AsValueTask().ConfigureAwait(false);
        if (_pool.Count < MaxPooledRequests)
        {
            _pool.Enqueue(pending);
        }

        if (error != NbdError.None)
        {
            throw new BlockIoException(NbdErrorMapping.ToErrno(error),
                $"NBD {command} at offset {offset} length {length} on {_server}: {NbdErrorMapping.Describe(error)}");
        }
    }

    private async ValueTask SendRequestAsync(NbdRequest request, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        try
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_pendingLock)
            {
                _pending.Remove(request.Cookie);
            }

            throw;
        }

        try
        {
            request.Write(_sendBuffer);
            if (payload.Length <= SmallWriteLimit)
            {
                payload.Span.CopyTo(_sendBuffer.AsSpan(NbdRequest.Size));
                await _stream.WriteAsync(_sendBuffer.AsMemory(0, NbdRequest.Size + payload.Length)).ConfigureAwait(false);
            }
            else
            {
                await _stream.WriteAsync(_sendBuffer.AsMemory(0, NbdRequest.Size)).ConfigureAwait(false);
                await _stream.WriteAsync(payload).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // A partial request may be on the wire: the connection is unusable. The pending request is failed by FailAll.
            FailAll(new BlockIoException(Errno.EIO, $"NBD connection to {_server} failed while sending: {e.Message}"));
            _stream.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private bool Has(NbdTransmissionFlags flag) => (TransmissionFlags & flag) != 0;

    private void RequireWritable()
    {
        if (Has(NbdTransmissionFlags.ReadOnly))
        {
            throw new BlockIoException(Errno.EPERM, $"NBD export '{ExportName}' on {_server} is read-only");
        }
    }

    private static void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > long.MaxValue - length)
        {
            throw new BlockIoException(Errno.EINVAL, $"invalid range offset {offset} length {length}");
        }
    }
}
