using System.Net;
using System.Net.Sockets;

namespace Tandem.Replication.Link;

// The two ways a connection starts: we accept one on our address, or we open one to the peer's.
public sealed partial class ReplicationLink
{
    /// <summary>Unauthenticated incoming connections allowed at once; more are closed at accept.</summary>
    private const int MaxPendingIncoming = 8;

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        bool warned = false;
        while (!ct.IsCancellationRequested)
        {
            Socket listener;
            try
            {
                IPEndPoint endPoint = await ResolveAsync(_local, ct).ConfigureAwait(false);
                listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.ReceiveBufferSize = _settings.SocketBufferSize; // inherited by accepted sockets, before the window is agreed
                listener.Bind(endPoint);
                listener.Listen(16);
                ReplicationLinkLog.Listening(_log, _settings.Volume, endPoint.ToString());
                warned = false;
            }
            catch (SocketException e)
            {
                if (!warned)
                {
                    ReplicationLinkLog.ListenFailed(_log, _settings.Volume, _settings.LocalAddress, e.Message);
                    warned = true;
                }

                if (!await DelayAsync(_settings.ReconnectMaxDelay, ct).ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (listener)
            {
                await AcceptAsync(listener, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task AcceptAsync(Socket listener, CancellationToken ct)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                ReplicationLinkLog.ListenFailed(_log, _settings.Volume, _settings.LocalAddress, e.Message);
                return;
            }

            Configure(socket);
            lock (_gate)
            {
                int pending = _connections.Count(c => !c.Outgoing && c.Handshake.State is not HandshakeState.Established);
                if (_stopping || pending >= MaxPendingIncoming)
                {
                    if (!_stopping)
                    {
                        ReplicationLinkLog.TooManyPending(_log, _settings.Volume, pending, socket.RemoteEndPoint?.ToString() ?? "?");
                    }

                    socket.Dispose();
                    continue;
                }

                Adopt(socket, outgoing: false);
            }
        }
    }

    /// <summary>While not connected: connect to the peer, run the handshake, back off after a failure.</summary>
    private async Task ConnectLoopAsync(CancellationToken ct)
    {
        TimeSpan delay = _settings.ReconnectMinDelay;
        bool reported = false;
        try
        {
            while (true)
            {
                Task disconnected = WaitUntilDisconnectedAsync(ct);
                if (!disconnected.IsCompleted)
                {
                    await disconnected.ConfigureAwait(false);
                    delay = _settings.ReconnectMinDelay;
                    reported = false;
                    if (!await DelayAsync(Jitter(delay), ct).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                string? failure = await TryConnectAsync(ct).ConfigureAwait(false);
                if (failure is null)
                {
                    continue; // established: wait for its loss
                }

                if (!reported)
                {
                    ReplicationLinkLog.ConnectFailed(_log, _settings.Volume, _settings.PeerNode, _settings.PeerAddress, failure);
                    reported = true;
                }
                else
                {
                    ReplicationLinkLog.ConnectFailedAgain(_log, _settings.Volume, _settings.PeerAddress, failure);
                }

                if (!await DelayAsync(Jitter(delay), ct).ConfigureAwait(false))
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.ReconnectMaxDelay.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One attempt; null when a connection is established (by this attempt or another), else why not.</summary>
    private async Task<string?> TryConnectAsync(CancellationToken ct)
    {
        Socket? socket = null;
        try
        {
            IPEndPoint endPoint = await ResolveAsync(_peer, ct).ConfigureAwait(false);
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Configure(socket);
            using var timeout = new CancellationTokenSource(_settings.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            await ConnectDirectAsync(socket, endPoint, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // A refused connection while the link is stopping is still just a failed attempt: the loop's next wait
            // sees the stop and ends. Only the stop's own cancellation leaves as an exception.
            socket?.Dispose();
            return e is OperationCanceledException ? $"no answer within {_settings.ConnectTimeout.TotalSeconds:0.###} s" : e.Message;
        }

        LinkConnection connection;
        lock (_gate)
        {
            if (_current is not null || _stopping)
            {
                socket.Dispose();
                return null;
            }

            connection = Adopt(socket, outgoing: true);
            _outbound = connection;
        }

        bool established = await connection.HandshakeOutcome.WaitAsync(ct).ConfigureAwait(false);
        lock (_gate)
        {
            return established || _current is not null ? null : connection.CloseReason;
        }
    }

    /// <summary>
    /// Connects without the runtime's socket engine, which would watch the socket for good once it has seen it (the
    /// connection reads and writes the descriptor itself): a non-blocking connect, then its outcome waited for in
    /// poll(2) on a pool thread, in slices so a cancellation is seen.
    /// </summary>
    private static Task ConnectDirectAsync(Socket socket, IPEndPoint endPoint, CancellationToken ct) => Task.Run(() =>
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        while (!socket.Poll(Streams.DirectSocketStream.WaitSlice, SelectMode.SelectWrite))
        {
            ct.ThrowIfCancellationRequested();
        }

        if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
        {
            throw new SocketException(error);
        }

        _ = socket.Connected; // a finished non-blocking connect is recorded when next looked at
    }, ct);

    private void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendBufferSize = _settings.SocketBufferSize;
        socket.ReceiveBufferSize = _settings.SocketBufferSize;
        SetCongestion(socket);
    }

    private static async Task<IPEndPoint> ResolveAsync((string Host, int Port) address, CancellationToken ct)
    {
        if (IPAddress.TryParse(address.Host, out IPAddress? ip))
        {
            return new IPEndPoint(ip, address.Port);
        }

        IPAddress[] addresses = await Dns.GetHostAddressesAsync(address.Host, ct).ConfigureAwait(false);
        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], address.Port)
            : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The delay scaled by a random factor in [0.75, 1.25) so two nodes do not retry in lockstep.</summary>
    private TimeSpan Jitter(TimeSpan delay)
    {
        double factor;
        lock (_random)
        {
            factor = 0.75 + (_random.NextDouble() * 0.5);
        }

        return TimeSpan.FromTicks((long)(delay.Ticks * factor));
    }

    /// <summary>False if stopped meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
