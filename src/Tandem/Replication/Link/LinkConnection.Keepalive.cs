namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    private static readonly Protocol.Ping PingPacket = new();

    private long _lastReceived;
    private long _pingSentAt;
    private long _notReadingSince;
    private long _aliveSentAt;

    /// <summary>Sends a Ping now unless one is already out (the link suspects this connection is stale).</summary>
    public void Probe() => SendPing(_time.GetTimestamp());

    /// <summary>
    /// Pings after <see cref="LinkSettings.PingInterval"/> without receiving anything; a Ping unanswered for
    /// <see cref="LinkSettings.PingTimeout"/> (anything received answers it), or a socket write blocked for longer than
    /// both (for longer than <see cref="LinkSettings.BusyLimit"/> while the peer is still heard from), loses the connection.
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
        long notReading = Volatile.Read(ref _notReadingSince);
        if (notReading != 0)
        {
            NotReading(notReading, now);
            return null;
        }

        long writeStarted = Volatile.Read(ref _writeStartedAt);
        if (writeStarted != 0)
        {
            // A peer still heard from is alive but not reading yet (its disk holds it, and it says so): it gets BusyLimit.
            TimeSpan silence = _settings.PingInterval + _settings.PingTimeout;
            TimeSpan limit = _time.GetElapsedTime(Volatile.Read(ref _lastReceived), now) < silence ? _settings.BusyLimit : silence;
            if (_time.GetElapsedTime(writeStarted, now) > limit)
            {
                return $"the peer stopped reading: a write has been blocked for over {limit.TotalSeconds:0.###} s";
            }
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

    /// <summary>
    /// The receiving thread is with the owner (taking a packet; a slow disk can hold it for seconds) or waits for the owner
    /// to take packets, so it reads nothing: the peer is not to blame for the silence, and it must not blame this node for
    /// unanswered pings either (a ping already out gets its full timeout again once reading resumes; the time of the last
    /// packet stays what it was, so a long hold is followed by a probe). Every half <see cref="LinkSettings.PingInterval"/>
    /// a Ping tells the peer this node is alive (anything received answers a ping), for up to
    /// <see cref="LinkSettings.BusyLimit"/>; after that the peer's ping timeout decides.
    /// </summary>
    private void NotReading(long since, long now)
    {
        long pingSent = Volatile.Read(ref _pingSentAt);
        if (pingSent != 0)
        {
            Interlocked.CompareExchange(ref _pingSentAt, now, pingSent); // unless an answer cleared it meanwhile
        }

        TimeSpan half = _settings.PingInterval / 2;
        TimeSpan held = _time.GetElapsedTime(since, now);
        if (held >= half && held < _settings.BusyLimit && _time.GetElapsedTime(Math.Max(since, _aliveSentAt), now) >= half)
        {
            _aliveSentAt = now;
            SendControl(PingPacket);
        }
    }

    private void SendPing(long now)
    {
        if (Interlocked.CompareExchange(ref _pingSentAt, now, 0) == 0)
        {
            SendControl(PingPacket);
        }
    }
}
