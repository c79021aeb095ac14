namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    private static readonly Protocol.Ping PingPacket = new();

    private long _lastReceived;
    private long _pingSentAt;
    private volatile bool _deliveryBlocked;

    /// <summary>Set while the reading loop waits for the link's owner to take events; the peer is not to blame then.</summary>
    public bool DeliveryBlocked
    {
        get => _deliveryBlocked;
        set => _deliveryBlocked = value;
    }

    /// <summary>Sends a Ping now unless one is already out (the link suspects this connection is stale).</summary>
    public void Probe() => SendPing(_time.GetTimestamp());

    /// <summary>
    /// Pings after <see cref="LinkSettings.PingInterval"/> without receiving anything; a Ping unanswered for
    /// <see cref="LinkSettings.PingTimeout"/>, or a socket write blocked for longer than both, loses the connection.
    /// </summary>
    private async Task KeepaliveLoopAsync(CancellationToken ct)
    {
        long tickTicks = Math.Min(_settings.PingInterval.Ticks, _settings.PingTimeout.Ticks) / 4;
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, tickTicks)), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                if (Check(_time.GetTimestamp()) is { } reason)
                {
                    Close(reason);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string? Check(long now)
    {
        if (_deliveryBlocked)
        {
            Volatile.Write(ref _lastReceived, now);
            if (Volatile.Read(ref _pingSentAt) != 0)
            {
                Volatile.Write(ref _pingSentAt, now);
            }

            return null;
        }

        long writeStarted = Volatile.Read(ref _writeStartedAt);
        if (writeStarted != 0 && _time.GetElapsedTime(writeStarted, now) > _settings.PingInterval + _settings.PingTimeout)
        {
            return $"the peer stopped reading: a write has been blocked for over {(_settings.PingInterval + _settings.PingTimeout).TotalSeconds:0.###} s";
        }

        long pingSent = Volatile.Read(ref _pingSentAt);
        if (pingSent != 0)
        {
            return _time.GetElapsedTime(pingSent, now) > _settings.PingTimeout
                ? $"no answer to a ping within {_settings.PingTimeout.TotalSeconds:0.###} s"
                : null;
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) >= _settings.PingInterval)
        {
            SendPing(now);
        }

        return null;
    }

    private void SendPing(long now)
    {
        if (Interlocked.CompareExchange(ref _pingSentAt, now, 0) == 0)
        {
            SendControl(PingPacket);
        }
    }
}
