using Tandem.Replication.Protocol;
using Tandem.Storage;

namespace Tandem.Replication.Link;

// Received packets go to the owner through the event channel, at most ReceiveQueueLength unread at a time.
public sealed partial class ReplicationLink
{
    /// <summary>Hands a received packet to the owner, waiting (and so not reading the socket) while too many are unread.</summary>
    internal async ValueTask DeliverAsync(LinkConnection c, ReplicationPacket packet, byte[]? pooled, CancellationToken ct)
    {
        if (!_credits.Wait(0))
        {
            c.DeliveryBlocked = true;
            try
            {
                await _credits.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Return(pooled);
                throw;
            }
            finally
            {
                c.DeliveryBlocked = false;
            }
        }

        lock (_gate)
        {
            if (c == _current)
            {
                _events.Writer.TryWrite(new LinkEvent.Received(packet, pooled));
                return;
            }
        }

        _credits.Release();
        Return(pooled);
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
