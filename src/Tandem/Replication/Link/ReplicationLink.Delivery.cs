using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Replication.Link;

// Received packets go to the owner through the event channel, at most ReceiveQueueLength unread at a time.
public sealed partial class ReplicationLink
{
    /// <summary>
    /// Hands a received packet to the owner, on the connection's receiving thread, waiting (and so not reading the socket)
    /// while too many are unread.
    /// </summary>
    internal void Deliver(LinkConnection c, ReplicationPacket packet, byte[]? pooled, CancellationToken ct)
    {
        try
        {
            _credits.Wait(ct);
        }
        catch (OperationCanceledException)
        {
            Return(pooled);
            throw;
        }

        bool delivered = false;
        lock (_gate)
        {
            if (c == _current)
            {
                _events.Writer.TryWrite(new LinkEvent.Received(packet, pooled));
                delivered = true;
            }
        }

        if (delivered)
        {
            EventsAvailable?.Invoke(); // here, on the reading thread, outside the lock
            return;
        }

        _credits.Release();
        Return(pooled);
    }

    /// <summary>Tells the owner of an event written under the lock: from the thread pool, never from under the lock.</summary>
    private void AnnounceLater()
    {
        if (EventsAvailable is { } announce)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static a => a(), announce, preferLocal: false);
        }
    }

    private static void Return(byte[]? pooled)
    {
        if (pooled is not null)
        {
            AlignedArrays.Shared.Return(pooled);
        }
    }

    /// <summary>The owner took an event from <see cref="Events"/>.</summary>
    private void OnConsumed(LinkEvent e)
    {
        if (e is LinkEvent.Received)
        {
            _credits.Release();
        }
        else if (e is LinkEvent.Established { Connection: { } c })
        {
            lock (_gate)
            {
                if (c == _current)
                {
                    Volatile.Write(ref _sendTarget, c);
                }
            }
        }
    }
}
