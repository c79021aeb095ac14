using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    /// <summary>Encoded frames collect up to about this many bytes before one write to the socket.</summary>
    private const int BatchCapacity = 256 * 1024;

    /// <summary>Payloads at least this large are written from the packet's own memory instead of being copied.</summary>
    private const int DirectWriteThreshold = 32 * 1024;

    /// <summary>
    /// Synchronous continuations: a packet queued while the writer waits idle is written on the queuing thread
    /// (the writer's loop resumes inside TryWrite) instead of waking a pool thread for it, which on the protocol C
    /// path saves a thread hand-off on each side of every write (rand4k C: write p50 375 → 322 µs, fdatasync p50
    /// 594 → 537 µs, side by side). The queuing thread may hold the replica's lock; the writer never takes it.
    /// </summary>
    private readonly Channel<ReplicationPacket> _sendQueue = Channel.CreateUnbounded<ReplicationPacket>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    /// <summary>Pings and their answers go ahead of queued data (they say nothing about the data's order).</summary>
    private readonly ConcurrentQueue<ReplicationPacket> _control = new();

    private long _writeStartedAt;

    /// <summary>Queues a packet in FIFO order; false once the connection is closing.</summary>
    public bool Send(ReplicationPacket packet) => _sendQueue.Writer.TryWrite(packet);

    private void SendControl(ReplicationPacket packet)
    {
        _control.Enqueue(packet);
        _sendQueue.Writer.TryWrite(WakeUp.Instance);
    }

    /// <summary>The single writer: drains the queue into a batch buffer, one socket write per batch; large payloads go out without a copy.</summary>
    private async Task WriteLoopAsync()
    {
        using var batch = new BatchBuffer(BatchCapacity);
        ChannelReader<ReplicationPacket> queue = _sendQueue.Reader;
        CancellationToken ct = _abortWrites.Token;
        ReplicationPacket? holding = null; // a packet whose payload the writer still reads
        try
        {
            while (await queue.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (_control.TryDequeue(out ReplicationPacket? packet) || queue.TryRead(out packet))
                {
                    if (packet is WakeUp)
                    {
                        continue;
                    }

                    holding = packet.Payload.IsEmpty ? null : packet;
                    ReadOnlyMemory<byte> tail = ReplicationCodec.WriteHead(batch, packet);
                    if (tail.Length >= DirectWriteThreshold)
                    {
                        await FlushAsync(batch, ct).ConfigureAwait(false);
                        await WriteAsync(tail, ct).ConfigureAwait(false);
                    }
                    else if (!tail.IsEmpty)
                    {
                        batch.Write(tail.Span);
                    }

                    Release(ref holding);
                    if (batch.Written >= BatchCapacity - DirectWriteThreshold)
                    {
                        await FlushAsync(batch, ct).ConfigureAwait(false);
                    }
                }

                await FlushAsync(batch, ct).ConfigureAwait(false);
            }

            // Closing: what was queued is out; tell the peer no more is coming.
            if (_stream is SslStream ssl)
            {
                await ssl.ShutdownAsync().WaitAsync(ct).ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            Close($"sending failed: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // TrySend checks every packet, so this is a bug; the connection cannot continue with a gap in its stream.
            Close($"a packet could not be encoded: {e.Message}");
        }
        finally
        {
            Release(ref holding); // the write that failed has returned: nothing reads the payload any more
        }
    }

    private void Release(ref ReplicationPacket? packet)
    {
        if (packet is not null)
        {
            ReplicationPacket released = packet;
            packet = null;
            _link.PayloadReleased?.Invoke(released);
        }
    }

    /// <summary>After the writer stopped (the queue takes nothing more once closing): packets it never took are dropped and released.</summary>
    private void ReleaseUnsent()
    {
        while (_sendQueue.Reader.TryRead(out ReplicationPacket? packet))
        {
            if (!packet.Payload.IsEmpty)
            {
                Release(ref packet);
            }
        }
    }

    private async ValueTask FlushAsync(BatchBuffer batch, CancellationToken ct)
    {
        if (batch.Written > 0)
        {
            await WriteAsync(batch.WrittenMemory, ct).ConfigureAwait(false);
            batch.Reset();
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        Volatile.Write(ref _writeStartedAt, _time.GetTimestamp());
        await _stream!.WriteAsync(bytes, ct).ConfigureAwait(false);
        Volatile.Write(ref _writeStartedAt, 0);
    }

    /// <summary>Wakes the writer for a control packet; never written.</summary>
    private sealed record WakeUp : ReplicationPacket
    {
        public static readonly WakeUp Instance = new();
    }
}
